package d2l.grader.sandbox;

/** How a submission's child JVM is kept apart from the machine, as a grading report states it. */
public enum Isolation {
    BUBBLEWRAP("bubblewrap sandbox (new PID, network, IPC and mount namespaces; read-only JDK and runtime;"
            + " private /tmp; limits on memory, processes, open files and file size)"),
    PROCESS("process isolation only (no OS sandbox: the submission can read the files this user can)");

    private final String description;

    Isolation(String description) {
        this.description = description;
    }

    /** One line for a report saying what this isolation does and does not protect. */
    public String description() {
        return description;
    }
}
