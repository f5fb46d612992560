package d2l.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code X[...]} and {@code X[...] = value}. Indices are integers (pick one position and drop the
 * dimension), {@link Slice}s, the ellipsis {@code ...}, or a single string in Python syntax such as
 * {@code ":, 2:6"}, which is parsed into the same pieces.
 */
final class Indexing {

    private static final Object ELLIPSIS = new Object();

    private Indexing() {}

    static Tensor get(Tensor x, Object[] indices) {
        List<Object> parts = parse(indices);
        int explicit = 0;
        boolean hasEllipsis = false;
        for (Object p : parts) {
            if (p == ELLIPSIS) {
                if (hasEllipsis) {
                    throw new TensorException("an index can only have a single ellipsis ('...')");
                }
                hasEllipsis = true;
            } else {
                explicit++;
            }
        }
        if (explicit > x.dim()) {
            throw new TensorException("too many indices for tensor of dimension " + x.dim() + " (shape "
                    + Shapes.toString(x.shape) + "): got " + explicit + " in " + describe(indices));
        }
        Tensor result = x;
        int dim = 0;
        for (Object p : parts) {
            if (p == ELLIPSIS) {
                dim += x.dim() - explicit;
            } else if (p instanceof Integer i) {
                int size = result.shape[dim];
                if (i < -size || i >= size) {
                    throw new TensorException("index " + i + " is out of bounds for dimension " + dim + " with size " + size
                            + " (tensor of shape " + Shapes.toString(x.shape) + ", index " + describe(indices) + ")");
                }
                result = result.select(dim, i);
            } else {
                Slice s = (Slice) p;
                int size = result.shape[dim];
                result = result.slice(dim, s.start() == null ? 0 : s.start(), s.stop() == null ? size : s.stop(), s.step());
                dim++;
            }
        }
        return result;
    }

    static Tensor set(Tensor x, Object[] indicesThenValue) {
        if (indicesThenValue == null || indicesThenValue.length == 0) {
            throw new TensorException("set(...) needs the indices followed by the value, e.g. X.set(\":, 2:6\", 0)");
        }
        Object value = indicesThenValue[indicesThenValue.length - 1];
        Object[] index = java.util.Arrays.copyOf(indicesThenValue, indicesThenValue.length - 1);
        Tensor source;
        if (value instanceof Tensor t) {
            source = t;
        } else if (value instanceof Number n) {
            source = Torch.scalar(n.doubleValue());
        } else {
            throw new TensorException("the last argument of set(...) must be the value (a number or a Tensor), got "
                    + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
        }
        Tensor region = get(x.detach(), index);
        if (source != value && region.numel() == 1) {
            // Y[i, j] = number, element by element: how corr2d loses its graph through item()
            source.untracked = Untracked.SET_NUMBER;
        }
        return InPlace.copyInto(x, index, region, source);
    }

    private static List<Object> parse(Object[] indices) {
        if (indices == null) {
            throw new TensorException("an index must be an int, a Slice or a string such as \":, 2:6\", got null");
        }
        List<Object> parts = new ArrayList<>();
        if (indices.length == 1 && indices[0] instanceof String s) {
            for (String piece : s.split(",", -1)) {
                parts.add(parsePiece(piece.trim(), s));
            }
            return parts;
        }
        for (Object o : indices) {
            if (o instanceof Integer || o instanceof Slice) {
                parts.add(o);
            } else if (o instanceof Long l) {
                parts.add(l.intValue());
            } else if (o instanceof String s) {
                parts.add(parsePiece(s.trim(), s));
            } else {
                throw new TensorException("an index must be an int, a Slice or a string such as \":, 2:6\", got "
                        + (o == null ? "null" : o.getClass().getSimpleName() + " " + o));
            }
        }
        return parts;
    }

    private static Object parsePiece(String piece, String whole) {
        try {
            if (piece.equals("...")) {
                return ELLIPSIS;
            }
            if (!piece.contains(":")) {
                return Integer.parseInt(piece);
            }
            String[] bounds = piece.split(":", -1);
            if (bounds.length > 3) {
                throw new NumberFormatException();
            }
            Integer start = bounds[0].isBlank() ? null : Integer.valueOf(bounds[0].trim());
            Integer stop = bounds[1].isBlank() ? null : Integer.valueOf(bounds[1].trim());
            int step = bounds.length == 3 && !bounds[2].isBlank() ? Integer.parseInt(bounds[2].trim()) : 1;
            if (step <= 0) {
                throw new TensorException("slice step must be positive in \"" + whole + "\"");
            }
            return new Slice(start, stop, step);
        } catch (NumberFormatException e) {
            throw new TensorException("cannot read the index \"" + whole + "\": \"" + piece + "\" is not an integer, "
                    + "a slice like 2:6 or 1:8:2, or ...");
        }
    }

    private static String describe(Object[] indices) {
        List<String> parts = new ArrayList<>();
        for (Object o : indices) {
            parts.add(String.valueOf(o));
        }
        return "[" + String.join(", ", parts) + "]";
    }
}
