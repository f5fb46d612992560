package d2l.grader.sandbox;

/**
 * The resource limits ({@code setrlimit}, applied with {@code prlimit}) a sandboxed command runs
 * under. They are backstops against a runaway submission, not its budget: the heap is capped by
 * {@code -Xmx} and time by the grader's per-check timeout.
 *
 * @param addressSpaceBytes  virtual memory ({@code RLIMIT_AS}); a JVM reserves far more than it
 *                           uses (heap, code cache, class space, one stack per thread, malloc
 *                           arenas), so this must stay well above {@code -Xmx}
 * @param processes          processes and threads ({@code RLIMIT_NPROC}); inside bubblewrap's user
 *                           namespace they are counted for the sandbox alone
 * @param openFiles          open file descriptors ({@code RLIMIT_NOFILE})
 * @param fileSizeBytes      the largest file the command may write ({@code RLIMIT_FSIZE})
 * @param cpuSecondsBackstop CPU seconds before the kernel kills the process ({@code RLIMIT_CPU})
 */
public record Limits(long addressSpaceBytes, int processes, int openFiles, long fileSizeBytes,
                     long cpuSecondsBackstop) {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    public Limits {
        positive("addressSpaceBytes", addressSpaceBytes);
        positive("processes", processes);
        positive("openFiles", openFiles);
        positive("fileSizeBytes", fileSizeBytes);
        positive("cpuSecondsBackstop", cpuSecondsBackstop);
    }

    /** 16 GiB of address space, 512 processes and threads, 1024 open files, 256 MiB files, 2 h of CPU. */
    public static Limits defaults() {
        return new Limits(16 * GIB, 512, 1024, 256 * MIB, 7200);
    }

    /** The same limits with another process and thread count. */
    public Limits withProcesses(int processes) {
        return new Limits(addressSpaceBytes, processes, openFiles, fileSizeBytes, cpuSecondsBackstop);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("limit " + name + " must be positive, was " + value);
        }
    }
}
