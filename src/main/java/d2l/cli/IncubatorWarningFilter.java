package d2l.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard error without the line {@code WARNING: Using incubator modules: jdk.incubator.vector}
 * that a JVM with the Vector API prints on every start, which says nothing to a user. Everything
 * else passes at once: only the start of a line that could still be that warning is held back,
 * so a progress bar redrawn with {@code \r} shows as it is drawn.
 */
final class IncubatorWarningFilter extends OutputStream {

    static final byte[] WARNING = "WARNING: Using incubator modules".getBytes(StandardCharsets.US_ASCII);

    /** The rest of the current line passes through. */
    private static final int PASS = -1;
    /** The rest of the current line is the warning's. */
    private static final int DROP = -2;

    private final OutputStream out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    /** How many bytes of {@link #WARNING} the current line has matched so far, or {@link #PASS} or {@link #DROP}. */
    private int state;

    IncubatorWarningFilter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            accept(b[i]);
        }
        pending.writeTo(out);
        pending.reset();
    }

    private void accept(byte b) {
        if (state == DROP) {
            if (b == '\n') {
                state = 0;
            }
            return;
        }
        if (state >= 0) {
            if (b == WARNING[state]) {
                state++;
                if (state == WARNING.length) {
                    state = DROP;
                }
                return;
            }
            pending.write(WARNING, 0, state);
            state = PASS;
        }
        pending.write(b);
        if (b == '\n' || b == '\r') {
            state = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /**
     * Writes what a line's start held back (a line that began like the warning, then the stream
     * ended). The stream underneath stays open: it is this JVM's standard error.
     */
    @Override
    public void close() throws IOException {
        if (state > 0) {
            out.write(WARNING, 0, state);
            state = 0;
        }
        out.flush();
    }
}
