package d2l.workbook;

/**
 * What every stub in {@code exercises/} throws until the student writes the answer:
 * {@code not implemented yet: 7.2 corr2d, see exercises/Sec7_2.java}.
 */
public class NotImplementedYet extends UnsupportedOperationException {

    private static final long serialVersionUID = 1L;

    private final String section;
    private final String what;

    /**
     * @param section the book section, e.g. {@code "7.2"}
     * @param what    the function or class to write, e.g. {@code "corr2d"}
     */
    public NotImplementedYet(String section, String what) {
        super("not implemented yet: " + section + " " + what + ", see exercises/" + fileOf(section));
        this.section = section;
        this.what = what;
    }

    /**
     * Throws a {@code NotImplementedYet}; for a stub constructor that has to pass an argument to
     * {@code super(...)} before anything else: {@code super(NotImplementedYet.argument("8.6", "ResNet18"), numClasses)}.
     */
    public static <T> T argument(String section, String what) {
        throw new NotImplementedYet(section, what);
    }

    /** The section, e.g. {@code 7.2}. */
    public String section() {
        return section;
    }

    /** The function or class still to write, e.g. {@code corr2d}. */
    public String what() {
        return what;
    }

    private static String fileOf(String section) {
        try {
            return Section.of(section).fileName();
        } catch (IllegalArgumentException e) {
            return "Sec" + section.replace('.', '_') + ".java";
        }
    }
}
