package d2l.grader;

import d2l.tensor.Size;
import d2l.tensor.Tensor;
import d2l.tensor.Torch;

/**
 * What a case's call must give. Any of the three may be absent (null), not all of them.
 *
 * @param value   the result: a {@link Tensor} (shape and values), a {@link Size} (the shape of a
 *                tensor or size), a {@code Long} or {@code Double}, a {@code Boolean} or a {@code String}
 * @param text    the result as text, compared line by line with runs of blanks taken as one
 *                (the documents show PyTorch's tabs as spaces)
 * @param printed what the call prints, compared the same way
 */
public record Expected(Object value, String text, String printed) {

    /** True when the child must send a tensor's values, not only its shape. */
    boolean wantsValues() {
        return !(value instanceof Size);
    }

    /**
     * Reads an {@code expected:} value as the book prints it: {@code tensor([[19., 25.], [37., 43.]])},
     * {@code torch.Size([8, 8])}, {@code 1000000000000}, {@code 0.5}, {@code true} or {@code "text"}.
     *
     * @throws IllegalArgumentException saying what it cannot read
     */
    static Object parseValue(String written) {
        String s = written.strip();
        if (s.startsWith("tensor(") && s.endsWith(")")) {
            return Torch.tensor(s.substring("tensor(".length(), s.length() - 1));
        }
        if (s.startsWith("torch.Size(") && s.endsWith(")")) {
            String list = s.substring("torch.Size(".length(), s.length() - 1).strip();
            if (!list.startsWith("[") || !list.endsWith("]")) {
                throw new IllegalArgumentException("write a size as torch.Size([8, 8]), not " + s);
            }
            String inner = list.substring(1, list.length() - 1).strip();
            int[] dims = inner.isEmpty() ? new int[0]
                    : java.util.Arrays.stream(inner.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
            return Size.of(dims);
        }
        if (s.equals("true") || s.equals("false")) {
            return Boolean.valueOf(s);
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1);
        }
        try {
            return s.matches("[-+]?\\d+") ? (Object) Long.parseLong(s) : (Object) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot read the expected value " + s
                    + " (write tensor([...]), torch.Size([...]), a number, true, false or \"text\")");
        }
    }

    /** The lines of {@code text} with blanks at their ends dropped and runs of blanks inside made one space. */
    static String normalized(String text) {
        StringBuilder s = new StringBuilder();
        for (String line : text.replace("\r\n", "\n").strip().split("\n")) {
            s.append(line.strip().replaceAll("[ \\t]+", " ")).append('\n');
        }
        return s.toString();
    }
}
