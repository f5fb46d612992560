package d2l.grader.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What grading has running or on disk right now (sandboxed processes, scratch directories), so
 * that nothing outlives the grader: when its JVM is stopped by SIGTERM or SIGINT (Ctrl-C), one
 * shutdown hook kills every process still registered, with its whole tree and every process of
 * its sandbox's user, then deletes every directory still registered. A SIGKILL runs no hook: then
 * bubblewrap's {@code --die-with-parent} ends the sandboxes, and the next grader's
 * {@link GradingTemp#removeStale} removes the directories.
 *
 * <p>Grading threads go on while the hook runs, so once it has begun nothing new may start: a
 * runner or directory registered after that is refused ({@link #add} returns false), and its
 * owner kills or deletes it at once.
 */
public final class Leftovers {

    private static final Set<RunnerProcess> PROCESSES = new LinkedHashSet<>();
    private static final Set<Path> DIRECTORIES = new LinkedHashSet<>();
    private static boolean hooked;
    private static boolean stopping;

    private Leftovers() {}

    /** Registers a runner whose process runs; false when the grader is stopping, and the caller must kill it. */
    static synchronized boolean add(RunnerProcess runner) {
        hook();
        if (stopping) {
            return false;
        }
        PROCESSES.add(runner);
        return true;
    }

    /** Forgets a runner that has been closed. */
    static synchronized void remove(RunnerProcess runner) {
        PROCESSES.remove(runner);
    }

    /**
     * Registers a scratch directory to delete if the grader is stopped before it deletes it itself;
     * false when the grader is stopping, and the caller must delete it.
     */
    public static synchronized boolean add(Path directory) {
        hook();
        if (stopping) {
            return false;
        }
        DIRECTORIES.add(directory);
        return true;
    }

    /** Forgets a directory that has been deleted. */
    public static synchronized void remove(Path directory) {
        DIRECTORIES.remove(directory);
    }

    private static void hook() {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(Leftovers::cleanUp, "d2l-leftovers"));
            hooked = true;
        }
    }

    /** Kills what runs, then deletes what is on disk; quietly, since the JVM is going down. */
    private static void cleanUp() {
        List<RunnerProcess> processes;
        List<Path> directories;
        synchronized (Leftovers.class) {
            stopping = true;
            processes = new ArrayList<>(PROCESSES);
            directories = new ArrayList<>(DIRECTORIES);
        }
        processes.forEach(RunnerProcess::kill);
        for (Path directory : directories) {
            try {
                GradingTemp.delete(directory);
            } catch (IOException | RuntimeException e) {
                // the next grader's GradingTemp.removeStale takes it
            }
        }
    }
}
