package d2l.workbook;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One thing a check observed of the student's code, in the order it was observed: a returned value,
 * an exception, a stub's {@link NotImplementedYet}, or what the code printed. The payload is
 * {@link Observed}'s encoding, so a list of observations is plain bytes that the grader decodes
 * without trusting them.
 *
 * @param what    what was observed, e.g. {@code corr2d(X, K)}, as the check named it
 * @param kind    which of the four it is
 * @param payload the encoded value; for an exception {@code [type, message, where]}, for a stub {@code [section, what]}
 */
public record Observation(String what, Kind kind, byte[] payload) {

    /** What an observation holds. */
    public enum Kind { VALUE, THROWN, NOT_IMPLEMENTED, PRINTED }

    /** The bytes of {@code observations}, for the wire. */
    public static byte[] encode(List<Observation> observations) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(observations.size());
            for (Observation o : observations) {
                byte[] what = o.what().getBytes(StandardCharsets.UTF_8);
                out.writeInt(what.length);
                out.write(what);
                out.writeByte(o.kind().ordinal());
                out.writeInt(o.payload().length);
                out.write(o.payload());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The observations {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when the bytes are not such a list
     */
    public static List<Observation> decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            int n = count(in);
            List<Observation> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] what = new byte[count(in)];
                in.get(what);
                int kind = in.get();
                if (kind < 0 || kind >= Kind.values().length) {
                    throw new IllegalArgumentException("unknown observation kind " + kind);
                }
                byte[] payload = new byte[count(in)];
                in.get(payload);
                list.add(new Observation(new String(what, StandardCharsets.UTF_8), Kind.values()[kind], payload));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the observations");
            }
            return list;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("the observations are cut short");
        }
    }

    private static int count(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("a count of " + n + " with " + in.remaining() + " bytes left");
        }
        return n;
    }
}
