package d2l.grader.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A process and everything it started, read from {@code /proc}: how much CPU they used, and how to
 * kill them all. Linux only.
 */
public final class ProcessTree {

    private static final long KILL_WAIT_MILLIS = 5000;

    private static volatile long clockTicks;

    private ProcessTree() {}

    /**
     * CPU seconds (user and system) used by {@code root} and its descendants: the live ones' own
     * times plus the times of descendants they have already reaped ({@code cutime}, {@code cstime}).
     * A process's time enters its parent's {@code cutime} only once it is dead and reaped, so
     * nothing is counted twice. Processes that end while being read are skipped; a descendant whose
     * parent died before reaping it (a daemon re-parented outside the tree) is not seen.
     */
    public static double cpuSeconds(ProcessHandle root) {
        long ticks = 0;
        for (ProcessHandle process : tree(root)) {
            long[] fields = statFields(process.pid(), 11, 12, 13, 14);
            if (fields != null) {
                ticks += fields[0] + fields[1] + fields[2] + fields[3];
            }
        }
        return ticks / (double) clockTicksPerSecond();
    }

    /**
     * Sends SIGKILL to every descendant of {@code root} and to {@code root}, in rounds until none is
     * left (a process may fork between two looks), then waits up to 5 seconds for them to be gone.
     */
    public static void kill(ProcessHandle root) {
        Set<ProcessHandle> killed = new LinkedHashSet<>();
        for (int round = 0; round < 20; round++) {
            List<ProcessHandle> tree = tree(root).stream().filter(ProcessTree::running).toList();
            if (tree.isEmpty()) {
                break;
            }
            tree.forEach(ProcessHandle::destroyForcibly);
            killed.addAll(tree);
        }
        waitUntilGone(killed);
    }

    /**
     * Sends SIGKILL to every process whose real user id is {@code userId}, in rounds until none is
     * left, and waits up to 5 seconds for them to be gone; returns how many were killed. Meant for a
     * user id given to one sandbox alone, to catch daemons that left the process tree.
     */
    public static int killOwnedBy(int userId) {
        if (userId == 0 || userId == Host.userId()) {
            throw new IllegalArgumentException("refusing to kill every process of user " + userId
                    + ": it is root or the grader's own user");
        }
        Set<ProcessHandle> killed = new LinkedHashSet<>();
        for (int round = 0; round < 20; round++) {
            List<ProcessHandle> owned = ownedBy(userId);
            if (owned.isEmpty()) {
                break;
            }
            owned.forEach(ProcessHandle::destroyForcibly);
            killed.addAll(owned);
        }
        waitUntilGone(killed);
        return killed.size();
    }

    /** True if any of {@code pids} names a process that exists and is not a zombie. */
    public static boolean anyAlive(long... pids) {
        for (long pid : pids) {
            char state = state(pid);
            if (state != 0 && state != 'Z' && state != 'X') {
                return true;
            }
        }
        return false;
    }

    /**
     * The pids of live processes whose program and arguments ({@code /proc/pid/cmdline}) are
     * exactly {@code commandLine}, for finding a process by a marker such as
     * {@code [sleep, 300.4711]}.
     */
    public static List<Long> withCommandLine(List<String> commandLine) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(process -> {
            if (arguments(process.pid()).equals(commandLine) && anyAlive(process.pid())) {
                pids.add(process.pid());
            }
        });
        return pids;
    }

    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        try (Stream<ProcessHandle> descendants = root.descendants()) {
            descendants.forEach(tree::add);
        }
        return tree;
    }

    private static boolean running(ProcessHandle process) {
        return process.isAlive() && anyAlive(process.pid());
    }

    private static void waitUntilGone(Set<ProcessHandle> processes) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_WAIT_MILLIS);
        for (ProcessHandle process : processes) {
            while (running(process) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static List<ProcessHandle> ownedBy(int userId) {
        List<ProcessHandle> owned = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (Host.statusNumber(entry, "Uid:") == userId && anyAlive(pid)) {
                    ProcessHandle.of(pid).ifPresent(owned::add);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return owned;
    }

    /** The process's state letter from /proc/pid/stat, or 0 when there is no such process. */
    private static char state(long pid) {
        String after = afterCommandName(pid);
        return after == null || after.isEmpty() ? 0 : after.charAt(0);
    }

    /**
     * Numeric fields of /proc/pid/stat, counted from 0 at the state letter (the field after the
     * command name, which may itself hold spaces and parentheses, so it is skipped up to the last
     * ')'); null when the process is gone.
     */
    private static long[] statFields(long pid, int... indexes) {
        String after = afterCommandName(pid);
        if (after == null) {
            return null;
        }
        String[] fields = after.split(" ");
        long[] values = new long[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            values[i] = Long.parseLong(fields[indexes[i]]);
        }
        return values;
    }

    private static String afterCommandName(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            int close = stat.lastIndexOf(')');
            return close < 0 ? null : stat.substring(close + 1).strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** The program and arguments of a process from /proc/pid/cmdline; none if it is gone. */
    private static List<String> arguments(long pid) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String text = new String(bytes, StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Clock ticks per second, the unit of /proc/pid/stat times: {@code getconf CLK_TCK}, else 100. */
    static long clockTicksPerSecond() {
        long ticks = clockTicks;
        if (ticks == 0) {
            ticks = 100;
            try {
                Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
                if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0 && out.matches("[1-9][0-9]*")) {
                    ticks = Long.parseLong(out);
                }
            } catch (IOException e) {
                // no getconf: Linux has used 100 on every common architecture
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clockTicks = ticks;
        }
        return ticks;
    }
}
