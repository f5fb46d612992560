package d2l.grader.sandbox;

import java.util.Locale;

/**
 * What the grader's {@code --sandbox} option asks for: a bubblewrap sandbox or nothing
 * ({@link #REQUIRED}), the sandbox where this machine can make one and process isolation where it
 * cannot ({@link #AUTO}), or process isolation only ({@link #OFF}).
 */
public enum SandboxMode {
    REQUIRED,
    AUTO,
    OFF;

    /** The mode a command-line word names: {@code required}, {@code auto} or {@code off}, in any case. */
    public static SandboxMode parse(String word) {
        if (word != null) {
            for (SandboxMode mode : values()) {
                if (mode.word().equals(word.strip().toLowerCase(Locale.ROOT))) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown sandbox mode '" + word + "': expected one of required, auto, off");
    }

    /** The word {@link #parse} accepts for this mode. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
