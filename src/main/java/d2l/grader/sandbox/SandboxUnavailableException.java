package d2l.grader.sandbox;

/**
 * The sandbox was {@link SandboxMode#REQUIRED} but this machine cannot make one; the message says
 * what failed and, where it can, how to fix it.
 */
public final class SandboxUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SandboxUnavailableException(String reason) {
        super("the bubblewrap sandbox is required but unavailable: " + reason);
    }
}
