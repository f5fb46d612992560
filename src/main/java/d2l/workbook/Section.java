package d2l.workbook;

import java.util.Locale;

/**
 * The book sections the workbook covers, each one Java file ({@code Sec7_2.java} for 7.2) in a
 * workbook directory such as {@code exercises/} or {@code solutions/}. The file declares one
 * top-level class of the same name in the unnamed package, so that JShell can load it and each
 * file compiles on its own.
 */
public enum Section {

    S7_1("7.1", "From Fully Connected Layers to Convolutions"),
    S7_2("7.2", "Convolutions for Images"),
    S7_3("7.3", "Padding and Stride"),
    S7_4("7.4", "Multiple Input and Multiple Output Channels"),
    S7_5("7.5", "Pooling"),
    S7_6("7.6", "Convolutional Neural Networks (LeNet)"),
    S8_2("8.2", "Networks Using Blocks (VGG)"),
    S8_6("8.6", "Residual Networks (ResNet) and ResNeXt");

    private final String id;
    private final String title;

    Section(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The book's number, e.g. {@code 7.2}. */
    public String id() {
        return id;
    }

    /** The book's title of the section. */
    public String title() {
        return title;
    }

    /** The class the section's file declares, e.g. {@code Sec7_2}. */
    public String className() {
        return "Sec" + id.replace('.', '_');
    }

    /** The section's file name, e.g. {@code Sec7_2.java}. */
    public String fileName() {
        return className() + ".java";
    }

    /**
     * The section named {@code name}: {@code 7.2}, {@code 7_2}, {@code Sec7_2} or {@code Sec7_2.java}.
     *
     * @throws IllegalArgumentException naming the sections there are
     */
    public static Section of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.endsWith(".java")) {
            n = n.substring(0, n.length() - 5);
        }
        if (n.startsWith("sec")) {
            n = n.substring(3);
        }
        n = n.replace('_', '.');
        for (Section s : values()) {
            if (s.id.equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no section " + name + " in the workbook; there are "
                + String.join(", ", ids()));
    }

    /** The ids of all sections, in book order. */
    public static java.util.List<String> ids() {
        return java.util.Arrays.stream(values()).map(Section::id).toList();
    }

    @Override
    public String toString() {
        return id + " " + title;
    }
}
