package d2l.workbook;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The result of compiling one section's file on its own: the errors (formatted like javac's, with
 * the file, line and the offending source line), the class files, and the file split into the
 * pieces JShell loads (its imports and the members of its class).
 *
 * @param section  the section
 * @param file     the file that was compiled
 * @param errors   javac's errors, empty when the file compiled
 * @param warnings notes about the file that do not stop it from compiling (e.g. for JShell)
 * @param classes  the class files by binary name, empty when the file did not compile
 * @param imports  the file's import declarations, as written
 * @param members  the members of the section's class, as JShell snippets
 */
public record Compilation(Section section, Path file, List<String> errors, List<String> warnings,
                          Map<String, byte[]> classes, List<String> imports, List<Member> members) {

    /** True when the file compiled without errors. */
    public boolean compiled() {
        return errors.isEmpty();
    }

    /**
     * One member of a section's class, turned into a JShell snippet: the same text with the
     * modifiers JShell does not take at the top level ({@code public}, {@code private},
     * {@code protected}, {@code static}, {@code final}) removed.
     *
     * @param name        the member's name
     * @param snippet     the text to give JShell
     * @param fromSection for a method marked {@link FromSection}, the earlier section it stands for; else null
     * @param method      for a method, what a call to it needs; null for other members
     */
    public record Member(String name, String snippet, String fromSection, Method method) {}

    /**
     * What it takes to call a method from elsewhere.
     *
     * @param signature  its declaration up to the body, without modifiers, e.g.
     *                   {@code <M extends Module> M applyInit(M net, Tensor sample)}
     * @param parameters the names of its parameters
     * @param isVoid     whether it returns nothing
     */
    public record Method(String signature, List<String> parameters, boolean isVoid) {}
}
