package d2l.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * Prints tensors exactly as PyTorch does, so that every output in the book can be compared with ours
 * character by character. This is a port of {@code torch/_tensor_str.py} with PyTorch's default print
 * options (precision 4, threshold 1000, edgeitems 3, linewidth 80, sci_mode chosen automatically).
 *
 * <p>The steps are PyTorch's: a {@code Formatter} looks at the elements that will be shown and picks one
 * notation and one width for all of them ({@code 19.}, {@code 1.0230} or {@code 1.0000e-05}); the
 * elements are then nested in brackets ({@code tensorStrWithFormatter}), long rows are wrapped
 * ({@code vectorStr}), and suffixes such as {@code grad_fn=<SumBackward0>} are appended
 * ({@code addSuffixes}). Like PyTorch, a {@code float} is printed through its {@code double} value.
 */
public final class TensorFormat {

    /** Digits after the decimal point. */
    static final int PRECISION = 4;
    /** Tensors with more elements than this are summarised with {@code ...}. */
    static final int THRESHOLD = 1000;
    /** Elements shown at each end of a summarised dimension. */
    static final int EDGEITEMS = 3;
    /** Characters per line before a row of elements wraps. */
    static final int LINEWIDTH = 80;

    /** Marks the {@code ...} that replaces the middle of a summarised dimension. */
    private static final int ELLIPSIS = -1;

    private TensorFormat() {
    }

    /**
     * The repr of a tensor, e.g. {@code tensor([[19., 25.],\n        [37., 43.]])}.
     *
     * @param values   the elements in row-major order; one element for a 0-d tensor
     * @param shape    the dimensions; {@code new int[0]} for a 0-d tensor
     * @param dtype    decides how elements print: {@code 19.}, {@code 19} or {@code True}
     * @param suffixes extra {@code key=value} parts such as {@code requires_grad=True}
     */
    public static String format(float[] values, int[] shape, DType dtype, String... suffixes) {
        int numel = numel(shape);
        if (values.length != numel) {
            throw new IllegalArgumentException("a tensor of shape " + shapeString(shape) + " has " + numel
                    + " elements, but " + values.length + " values were given");
        }
        String prefix = "tensor(";
        int indent = prefix.length();
        List<String> allSuffixes = new ArrayList<>();
        String tensorStr;
        if (numel == 0) {
            // "[]" hides the shape unless it is (0,), and hides the dtype, so both are spelled out.
            if (shape.length != 1) {
                allSuffixes.add("size=" + pythonTuple(shape));
            }
            if (dtype != DType.FLOAT32) {
                allSuffixes.add("dtype=" + dtype.torchName());
            }
            tensorStr = "[]";
        } else {
            tensorStr = new Printer(values, shape, dtype).tensorStr(indent);
        }
        allSuffixes.addAll(Arrays.asList(suffixes));
        return addSuffixes(prefix + tensorStr, allSuffixes, indent);
    }

    /** The dimensions as PyTorch lists them inside {@code torch.Size(...)}: {@code [1, 6, 28, 28]}. */
    public static String shapeString(int[] shape) {
        StringJoiner joiner = new StringJoiner(", ", "[", "]");
        for (int d : shape) {
            joiner.add(Integer.toString(d));
        }
        return joiner.toString();
    }

    /** What PyTorch prints for {@code X.shape}: {@code torch.Size([1, 6, 28, 28])}. */
    public static String torchSize(int[] shape) {
        return "torch.Size(" + shapeString(shape) + ")";
    }

    /**
     * Appends {@code , suffix} for each suffix and the closing parenthesis; a suffix that would push the
     * last line past {@code LINEWIDTH} goes on a line of its own, indented under the first bracket.
     * The {@code + 1} in {@code lastLineLen} is PyTorch's arithmetic, kept so lines break where its do.
     */
    static String addSuffixes(String tensorStr, List<String> suffixes, int indent) {
        StringBuilder out = new StringBuilder(tensorStr);
        int lastLineLen = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            if (lastLineLen + suffix.length() + 2 > LINEWIDTH) {
                out.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLen = indent + suffix.length();
            } else {
                out.append(", ").append(suffix);
                lastLineLen += suffix.length() + 2;
            }
        }
        return out.append(')').toString();
    }

    /** Walks the nested dimensions of one non-empty tensor and builds the text between the parentheses. */
    private static final class Printer {
        private final float[] values;
        private final int[] shape;
        private final int[] strides;
        private final boolean summarize;
        private final Formatter formatter;

        Printer(float[] values, int[] shape, DType dtype) {
            this.values = values;
            this.shape = shape;
            this.strides = new int[shape.length];
            int stride = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                strides[d] = stride;
                stride *= shape[d];
            }
            this.summarize = values.length > THRESHOLD;
            // The widths come only from the elements that are shown, as in get_summarized_data.
            List<Double> shown = new ArrayList<>();
            collectShown(0, 0, shown);
            this.formatter = new Formatter(shown, dtype);
        }

        String tensorStr(int indent) {
            return tensorStrWithFormatter(0, 0, indent);
        }

        /**
         * The indices shown along dimension {@code dim}: all of them, or when summarising a long
         * dimension the first and last {@code EDGEITEMS} around an {@code ELLIPSIS}.
         */
        private int[] shownIndices(int dim) {
            int size = shape[dim];
            if (summarize && size > 2 * EDGEITEMS) {
                int[] indices = new int[2 * EDGEITEMS + 1];
                for (int i = 0; i < EDGEITEMS; i++) {
                    indices[i] = i;
                    indices[EDGEITEMS + 1 + i] = size - EDGEITEMS + i;
                }
                indices[EDGEITEMS] = ELLIPSIS;
                return indices;
            }
            int[] indices = new int[size];
            for (int i = 0; i < size; i++) {
                indices[i] = i;
            }
            return indices;
        }

        private void collectShown(int offset, int dim, List<Double> shown) {
            if (dim == shape.length) {
                shown.add((double) values[offset]);
                return;
            }
            for (int i : shownIndices(dim)) {
                if (i != ELLIPSIS) {
                    collectShown(offset + i * strides[dim], dim + 1, shown);
                }
            }
        }

        /**
         * The sub-tensor starting at {@code offset} whose first dimension is {@code dim}. Sub-tensors are
         * separated by a comma, one newline per remaining dimension (a blank line between matrices) and
         * the indent that lines them up under their opening bracket.
         */
        private String tensorStrWithFormatter(int offset, int dim, int indent) {
            int dims = shape.length - dim;
            if (dims == 0) {
                return formatter.format(values[offset]);
            }
            if (dims == 1) {
                return vectorStr(offset, dim, indent);
            }
            List<String> slices = new ArrayList<>();
            for (int i : shownIndices(dim)) {
                slices.add(i == ELLIPSIS ? "..."
                        : tensorStrWithFormatter(offset + i * strides[dim], dim + 1, indent + 1));
            }
            String separator = "," + "\n".repeat(dims - 1) + " ".repeat(indent + 1);
            return "[" + String.join(separator, slices) + "]";
        }

        /** One row of elements, wrapped so that no line holds more than fits in {@code LINEWIDTH}. */
        private String vectorStr(int offset, int dim, int indent) {
            int elementLength = formatter.width() + 2; // the element plus ", "
            int elementsPerLine = Math.max(1, Math.floorDiv(LINEWIDTH - indent, elementLength));
            List<String> data = new ArrayList<>();
            for (int i : shownIndices(dim)) {
                data.add(i == ELLIPSIS ? " ..." : formatter.format(values[offset + i * strides[dim]]));
            }
            List<String> lines = new ArrayList<>();
            for (int start = 0; start < data.size(); start += elementsPerLine) {
                lines.add(String.join(", ", data.subList(start, Math.min(start + elementsPerLine, data.size()))));
            }
            return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
        }
    }

    /**
     * PyTorch's {@code _Formatter}: one notation and one width for all elements of a tensor, so that
     * columns line up. Floats print in int mode ({@code 19.}) when every finite element is whole, else
     * with {@code PRECISION} decimals, and in scientific notation when the nonzero magnitudes span more
     * than a factor 1000, exceed 1e8, or (not in int mode) go below 1e-4. The width is taken over the
     * nonzero finite elements only, so {@code 0.}, {@code nan} and {@code inf} never widen a column.
     */
    private static final class Formatter {
        private final boolean floatingDtype;
        private final boolean bool;
        private boolean intMode = true;
        private boolean sciMode = false;
        private int maxWidth = 1;

        Formatter(List<Double> shown, DType dtype) {
            this.floatingDtype = dtype == DType.FLOAT32;
            this.bool = dtype == DType.BOOL;
            if (!floatingDtype) {
                for (double value : shown) {
                    maxWidth = Math.max(maxWidth, plainString(value).length());
                }
                return;
            }
            List<Double> nonzeroFinite = new ArrayList<>();
            for (double value : shown) {
                if (Double.isFinite(value) && value != 0) {
                    nonzeroFinite.add(value);
                }
            }
            if (nonzeroFinite.isEmpty()) {
                return;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (double value : nonzeroFinite) {
                min = Math.min(min, Math.abs(value));
                max = Math.max(max, Math.abs(value));
                if (value != Math.ceil(value)) {
                    intMode = false;
                }
            }
            if (intMode) {
                sciMode = max / min > 1000.0 || max > 1.0e8;
            } else {
                sciMode = max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4;
            }
            for (double value : nonzeroFinite) {
                int length;
                if (sciMode) {
                    length = pythonSci(value, PRECISION).length();
                } else if (intMode) {
                    length = pythonFixed(value, 0).length() + 1; // room for the trailing "."
                } else {
                    length = pythonFixed(value, PRECISION).length();
                }
                maxWidth = Math.max(maxWidth, length);
            }
        }

        int width() {
            return maxWidth;
        }

        /** The element, right-aligned to the common width (longer strings such as {@code nan} stay whole). */
        String format(double value) {
            String ret;
            if (!floatingDtype) {
                ret = plainString(value);
            } else if (sciMode) {
                ret = pythonSci(value, PRECISION);
            } else if (intMode) {
                ret = pythonFixed(value, 0);
                if (Double.isFinite(value)) {
                    ret += ".";
                }
            } else {
                ret = pythonFixed(value, PRECISION);
            }
            return " ".repeat(Math.max(0, maxWidth - ret.length())) + ret;
        }

        /** Python's {@code str()} of an int64 or bool element: {@code 10}, {@code True}. */
        private String plainString(double value) {
            if (bool) {
                return value != 0 ? "True" : "False";
            }
            return Long.toString((long) value);
        }
    }

    /**
     * Python's {@code '{:.Nf}'.format(value)}: the exact binary value rounded half-to-even, with the sign
     * kept for negative zero and for negatives that round to zero ({@code -0.0000}).
     */
    static String pythonFixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return nonFinite(value);
        }
        String digits = new BigDecimal(Math.abs(value)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        return sign(value) + digits;
    }

    /**
     * Python's {@code '{:.Ne}'.format(value)}: {@code N + 1} significant digits rounded half-to-even from
     * the exact binary value, and an exponent of at least two digits ({@code 1.0000e-05}).
     */
    static String pythonSci(double value, int precision) {
        if (!Double.isFinite(value)) {
            return nonFinite(value);
        }
        int significant = precision + 1;
        String digits;
        int exponent;
        if (value == 0) {
            digits = "0".repeat(significant);
            exponent = 0;
        } else {
            BigDecimal rounded = new BigDecimal(Math.abs(value)).round(new MathContext(significant, RoundingMode.HALF_EVEN));
            String unscaled = rounded.unscaledValue().toString();
            exponent = unscaled.length() - 1 - rounded.scale();
            digits = (unscaled + "0".repeat(significant)).substring(0, significant);
        }
        String mantissa = precision == 0 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign(value) + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    private static String nonFinite(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        return value > 0 ? "inf" : "-inf";
    }

    private static String sign(double value) {
        return Math.copySign(1.0, value) < 0 ? "-" : "";
    }

    /** Python's {@code str(tuple(shape))}: {@code (0, 3)}, {@code (0,)}. */
    private static String pythonTuple(int[] shape) {
        StringJoiner joiner = new StringJoiner(", ", "(", shape.length == 1 ? ",)" : ")");
        for (int d : shape) {
            joiner.add(Integer.toString(d));
        }
        return joiner.toString();
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + shapeString(shape));
            }
            n *= d;
        }
        return n;
    }
}
