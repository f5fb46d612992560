package d2l.grader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The workbook stubs as the project's git repository has them committed: what {@code d2l release}
 * ships. An instructor's working copy often has answers typed into {@code exercises/}; shipping
 * that would hand the class the answers, so any change to {@code exercises/} that is not committed
 * (an edited, added, deleted or untracked file) stops the release, naming each file.
 */
final class CommittedStubs {

    private CommittedStubs() {}

    /**
     * The committed files under {@code exercises/} of the repository at {@code root}, relative to it.
     *
     * @throws IllegalArgumentException when {@code exercises/} has uncommitted changes (naming the
     *                                  files), or {@code root} is not a git checkout
     */
    static List<String> files(Path root) {
        List<String> changed = nulSeparated(git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "exercises"));
        if (!changed.isEmpty()) {
            List<String> named = new ArrayList<>();
            for (int i = 0; i < changed.size(); i++) {
                String entry = changed.get(i);
                named.add(entry.substring(3) + " (" + change(entry.substring(0, 2)) + ")");
                if (entry.charAt(0) == 'R' || entry.charAt(0) == 'C') {
                    i++;
                }
            }
            throw new IllegalArgumentException("exercises/ differs from the committed stubs, so the handout could carry answers: "
                    + String.join(", ", named) + ". Commit the files if they are the new stubs, or set them aside (git stash -u)"
                    + " to release the committed ones");
        }
        return nulSeparated(git(root, "ls-files", "-z", "--", "exercises"));
    }

    private static String change(String code) {
        if (code.equals("??")) {
            return "not committed";
        }
        if (code.indexOf('D') >= 0) {
            return "deleted";
        }
        if (code.indexOf('A') >= 0) {
            return "added, not committed";
        }
        return "edited";
    }

    private static List<String> nulSeparated(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\0"));
    }

    /** Runs git in {@code root} and returns its standard output. */
    private static String git(Path root, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(args));
        String notACheckout = "d2l release ships the stubs as committed, and " + root
                + " is not a git checkout (or git is not installed): release from a clone of the project's repository";
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            if (p.waitFor() != 0) {
                throw new IllegalArgumentException(notACheckout);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(notACheckout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking git about exercises/", e);
        }
    }
}
