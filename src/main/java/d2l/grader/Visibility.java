package d2l.grader;

import java.util.Locale;

/**
 * Who sees a check's details. A visible check's feedback shows its inputs and values; a hidden
 * one reports only pass or fail and the kind of mistake. In Gradescope's {@code results.json} a
 * hidden check is {@code after_published} (students see its result once grades are published)
 * unless its rubric row says otherwise with {@code gradescope=after_due_date}, say.
 */
public enum Visibility {
    VISIBLE("visible"),
    HIDDEN("after_published");

    /** Gradescope's visibilities, as its autograder specification lists them. */
    static final java.util.List<String> GRADESCOPE = java.util.List.of("hidden", "after_due_date", "after_published", "visible");

    private final String gradescope;

    Visibility(String gradescope) {
        this.gradescope = gradescope;
    }

    /** The value of Gradescope's {@code visibility} field when the rubric row does not choose one. */
    public String gradescope() {
        return gradescope;
    }

    /** The rubric's word, {@code visible} or {@code hidden}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The visibility a rubric names. */
    static Visibility of(String word) {
        for (Visibility v : values()) {
            if (v.word().equals(word.trim().toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("visibility is \"" + word + "\"; write visible or hidden");
    }
}
