package d2l.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Short SHA-256 fingerprints: of a submission's files and of the grading settings, so that a
 * roster run that resumes regrades a submission only when either changed.
 */
final class Fingerprint {

    private Fingerprint() {}

    /** The fingerprint of {@code text}. */
    static String of(String text) {
        return hex(digest().digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * The fingerprint of the files' names and contents, in order. A link is taken as its target's
     * name and a file larger than {@link Submission#MAX_BYTES} as its size (neither is graded), so a
     * huge file is never read into memory.
     */
    static String ofFiles(List<Path> files) throws IOException {
        MessageDigest d = digest();
        for (Path f : files) {
            d.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            d.update((byte) 0);
            if (Files.isSymbolicLink(f)) {
                d.update(("link to " + Files.readSymbolicLink(f)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else if (Files.size(f) > Submission.MAX_BYTES) {
                d.update(("too large: " + Files.size(f)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                d.update(Files.readAllBytes(f));
            }
            d.update((byte) 0);
        }
        return hex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest, 0, 8);
    }
}
