package d2l.grader;

/** Where a check comes from, which decides how it runs and whether {@code --no-training} skips it. */
public enum CheckKind {
    /** One of the workbook's own checks ({@code check("7.2")} in JShell), run as it is. */
    WORKBOOK("workbook"),
    /** A case file of {@code grader/golden/}: the outputs the book's documents print. */
    GOLDEN("golden"),
    /** A case file of {@code grader/hidden/}: the instructor's own cases, never shipped to students. */
    HIDDEN("hidden"),
    /** The student's function against the runtime's own operator on random inputs. */
    RANDOMIZED("randomized"),
    /** A network's layers, parameter shapes and output shapes against the runtime's model. */
    STRUCTURE("structure"),
    /** Training the student's code, logged to CSV. */
    TRAINING("training");

    private final String word;

    CheckKind(String word) {
        this.word = word;
    }

    /** The lower-case word reports use. */
    public String word() {
        return word;
    }
}
