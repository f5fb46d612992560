package d2l.grader.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What grading has running or on disk right now (sandboxed processes, scratch directories), so
 * that nothing outlives the grader: when its JVM is stopped by SIGTERM or SIGINT (Ctrl-C), one
 * shutdown hook ({@link #stop}) kills every process still registered, with its whole tree and
 * every process of its sandbox's user, then deletes every directory still registered. A SIGKILL
 * runs no hook: then bubblewrap's {@code --die-with-parent} ends the sandboxes, and the next
 * grader's {@link GradingTemp#removeStale} removes the directories.
 *
 * <p>Grading threads go on while the hook runs, so once it has begun nothing new may start: a
 * runner or directory registered after that is refused ({@link #add} returns false, and its owner
 * kills or deletes it at once), and {@link #createDirectories} makes no folder inside a scratch
 * directory. A grading thread may still write files into a directory by its name, which would make
 * its deletion fail, so the hook first moves each directory aside (a new name, where no thread
 * looks), then deletes it, trying again 10 ms apart, at most {@link #DELETE_TRIES} times.
 */
public final class Leftovers {

    /** How often the hook tries to delete a directory that grading threads are still writing into. */
    static final int DELETE_TRIES = 50;

    private static final Leftovers OF_THIS_JVM = new Leftovers();

    private final Set<RunnerProcess> processes = new LinkedHashSet<>();
    private final Set<Path> directories = new LinkedHashSet<>();
    private boolean hooked;
    private boolean stopping;

    /** A register of its own, for tests; the grader uses {@link #ofThisJvm}. */
    Leftovers() {}

    /** The register whose shutdown hook cleans up after this JVM's grading. */
    public static Leftovers ofThisJvm() {
        return OF_THIS_JVM;
    }

    /** Registers a runner whose process runs; false when the grader is stopping, and the caller must kill it. */
    synchronized boolean add(RunnerProcess runner) {
        hook();
        if (stopping) {
            return false;
        }
        processes.add(runner);
        return true;
    }

    /** Forgets a runner that has been closed. */
    synchronized void remove(RunnerProcess runner) {
        processes.remove(runner);
    }

    /**
     * Registers a scratch directory to delete if the grader is stopped before it deletes it itself;
     * false when the grader is stopping, and the caller must delete it.
     */
    public synchronized boolean add(Path directory) {
        hook();
        if (stopping) {
            return false;
        }
        directories.add(directory);
        return true;
    }

    /** Forgets a directory that has been deleted. */
    public synchronized void remove(Path directory) {
        directories.remove(directory);
    }

    /**
     * {@link Files#createDirectories}, unless the grader is stopping. Everything made inside a
     * scratch directory goes through here: a folder made while the hook deletes would keep the
     * scratch directory alive, and {@code Files.createDirectories} would even make the scratch
     * directory itself again after the hook has deleted it.
     *
     * @throws IOException when the grader is stopping, or the directory cannot be made
     */
    public synchronized Path createDirectories(Path directory) throws IOException {
        if (stopping) {
            throw new IOException("the grader is stopping: " + directory + " is not made");
        }
        return Files.createDirectories(directory);
    }

    /**
     * Renames {@code directory} to {@code <name>-stopped} beside it, so that a grading thread still
     * writing by its old name finds nothing there, and returns where it is now (where it was, if it
     * could not be moved). The new name is still a scratch directory's, for {@link GradingTemp#removeStale}.
     */
    private static Path moveAside(Path directory) {
        Path aside = directory.resolveSibling(directory.getFileName() + "-stopped");
        try {
            return Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            return directory;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void hook() {
        if (!hooked && this == OF_THIS_JVM) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "d2l-leftovers"));
            hooked = true;
        }
    }

    /**
     * Refuses everything new from now on, kills what runs, then deletes what is on disk; quietly,
     * since the JVM is going down. Whatever it cannot delete, the next grader's
     * {@link GradingTemp#removeStale} takes.
     */
    void stop() {
        List<RunnerProcess> running;
        List<Path> onDisk;
        synchronized (this) {
            stopping = true;
            running = new ArrayList<>(processes);
            onDisk = new ArrayList<>(directories);
        }
        running.forEach(RunnerProcess::kill);
        for (Path directory : onDisk) {
            Path doomed = moveAside(directory);
            for (int tries = 0; tries < DELETE_TRIES && Files.exists(doomed, LinkOption.NOFOLLOW_LINKS); tries++) {
                try {
                    GradingTemp.delete(doomed);
                } catch (IOException | RuntimeException e) {
                    pause();
                }
            }
        }
    }
}
