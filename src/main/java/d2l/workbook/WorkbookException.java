package d2l.workbook;

/** A section that cannot be used: its file is missing, does not compile, or lacks what was asked for. */
public class WorkbookException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WorkbookException(String message) {
        super(message);
    }

    public WorkbookException(String message, Throwable cause) {
        super(message, cause);
    }
}
