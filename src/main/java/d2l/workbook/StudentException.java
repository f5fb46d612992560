package d2l.workbook;

/**
 * An exception the student's code threw inside {@link Probe#observe}, as the check sees it when it
 * is replayed: its type, message and the line of the student's file, but not the exception itself
 * (which stayed in the student's process).
 */
public final class StudentException extends RuntimeException {

    private final String type;
    private final String where;

    /**
     * @param type    the exception's simple class name, e.g. {@code TensorException}
     * @param message its message, may be empty
     * @param where   the first line of the student's file on its stack, e.g. {@code Sec7_2.java:40 (in corr2d)}; may be empty
     */
    public StudentException(String type, String message, String where) {
        super(type + (message.isEmpty() ? "" : ": " + message) + (where.isEmpty() ? "" : "\n  at " + where));
        this.type = type;
        this.where = where;
    }

    /** The simple class name of what was thrown. */
    public String type() {
        return type;
    }

    /** Where in the student's file it was thrown; empty when not known. */
    public String where() {
        return where;
    }
}
