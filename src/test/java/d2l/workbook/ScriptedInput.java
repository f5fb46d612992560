package d2l.workbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test types into JShell: chunks of input, each of which may first wait until the output
 * shows some text and then do something (edit a file), as a person would between two commands.
 * JShell reads ahead, so waiting on the output is what orders an edit after a command's result.
 */
final class ScriptedInput extends InputStream {

    private record Step(String waitFor, Runnable action, String text) {}

    private final ByteArrayOutputStream output;
    private final Deque<Step> steps = new ArrayDeque<>();
    private byte[] current = new byte[0];
    private int position;

    ScriptedInput(ByteArrayOutputStream output) {
        this.output = output;
    }

    /** Types {@code text} (lines ending in newlines). */
    ScriptedInput type(String text) {
        steps.add(new Step(null, null, text));
        return this;
    }

    /** Waits until the output contains {@code waitFor}, runs {@code action}, then types {@code text}. */
    ScriptedInput after(String waitFor, Runnable action, String text) {
        steps.add(new Step(waitFor, action, text));
        return this;
    }

    @Override
    public synchronized int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return current[position++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    private boolean fill() throws IOException {
        while (position >= current.length) {
            Step step = steps.poll();
            if (step == null) {
                return false;
            }
            if (step.waitFor() != null) {
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (!output.toString(StandardCharsets.UTF_8).contains(step.waitFor())) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("the output never showed " + step.waitFor() + ":\n" + output);
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
            }
            if (step.action() != null) {
                step.action().run();
            }
            current = step.text().getBytes(StandardCharsets.UTF_8);
            position = 0;
        }
        return true;
    }
}
