package d2l.tensor;

import d2l.autograd.GradMode;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code torch.*} functions: creating tensors and the operations PyTorch offers as free
 * functions. Meant for {@code import static d2l.tensor.Torch.*;}, after which Java reads like the
 * book: {@code var X = tensor(new float[][] {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}});},
 * {@code zeros(6, 8)}, {@code randn(1, 1, 28, 28)}, {@code stack(List.of(K, K.add(1)), 0)}.
 */
public final class Torch {

    /** Element types, so code can say {@code arange(16, FLOAT32)} as the book says {@code dtype=torch.float32}. */
    public static final DType FLOAT32 = DType.FLOAT32;
    public static final DType INT64 = DType.INT64;
    public static final DType BOOL = DType.BOOL;

    private Torch() {}

    // ------------------------------------------------------------------ from data

    /**
     * A tensor from a Java array of any depth: {@code float[][]}, {@code double[][][]}, {@code int[]}
     * (INT64), {@code boolean[]} (BOOL), or a boxed number for a 0-d tensor. Rows must have equal lengths.
     */
    public static Tensor tensor(Object data) {
        if (data instanceof String s) {
            return tensor(s);
        }
        if (data instanceof Tensor t) {
            return t.detach().clone();
        }
        List<Integer> shape = new ArrayList<>();
        DType[] type = {null};
        int[] leafDepth = {-1};
        probe(data, 0, shape, type, leafDepth);
        int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
        float[] values = new float[Shapes.numel(dims)];
        int[] at = {0};
        fill(data, 0, dims, values, at);
        return fromNumbers(Tensor.wrap(values, type[0] == null ? DType.FLOAT32 : type[0], dims));
    }

    /** A 1-D tensor of the given values: {@code tensor(1f, -1f)}. */
    public static Tensor tensor(float... values) {
        return fromNumbers(Tensor.wrap(values.clone(), values.length));
    }

    /** Marks a tensor made from Java numbers, which may have come out of a graph through item(). */
    private static Tensor fromNumbers(Tensor t) {
        t.untracked = Untracked.FROM_NUMBERS;
        return t;
    }

    /**
     * A tensor from Python list syntax, handy in JShell and data files:
     * {@code tensor("[[0.0, 1.0], [2.0, 3.0]]")}. Whole numbers without a dot give INT64, as in PyTorch.
     */
    public static Tensor tensor(String literal) {
        return Literal.parse(literal);
    }

    /** A 0-d float32 tensor. */
    public static Tensor scalar(double value) {
        return new Tensor(new float[] {(float) value}, 0, new int[0], new int[0], DType.FLOAT32);
    }

    /** Finds the shape and type of {@code data}; {@code leafDepth} is where numbers sit, the same for all of them. */
    private static void probe(Object data, int depth, List<Integer> shape, DType[] type, int[] leafDepth) {
        if (data == null) {
            throw new TensorException("tensor(): found null at depth " + depth + "; every element must be a number");
        }
        if (data instanceof Number || data instanceof Boolean) {
            leafAt(depth, leafDepth);
            type[0] = merge(type[0], data instanceof Boolean ? DType.BOOL
                    : data instanceof Float || data instanceof Double ? DType.FLOAT32 : DType.INT64);
            return;
        }
        Class<?> c = data.getClass();
        if (!c.isArray()) {
            throw new TensorException("tensor(): cannot make a tensor from a " + c.getSimpleName()
                    + "; use a (nested) array of float, double, int, long or boolean");
        }
        int length = Array.getLength(data);
        if (depth == shape.size()) {
            shape.add(length);
        } else if (shape.get(depth) != length) {
            throw new TensorException("tensor(): expected sequence of length " + shape.get(depth) + " at dim " + depth
                    + " (got " + length + "); every row must have the same length");
        }
        Class<?> component = c.getComponentType();
        if (component.isPrimitive()) {
            DType t = component == boolean.class ? DType.BOOL
                    : component == float.class || component == double.class ? DType.FLOAT32
                    : component == int.class || component == long.class || component == short.class || component == byte.class
                    ? DType.INT64 : null;
            if (t == null) {
                throw new TensorException("tensor(): cannot make a tensor from " + c.getSimpleName()
                        + "; use float, double, int, long or boolean arrays");
            }
            leafAt(depth + 1, leafDepth);
            type[0] = merge(type[0], t);
            return;
        }
        for (int i = 0; i < length; i++) {
            probe(Array.get(data, i), depth + 1, shape, type, leafDepth);
        }
    }

    private static void leafAt(int depth, int[] leafDepth) {
        if (leafDepth[0] < 0) {
            leafDepth[0] = depth;
        } else if (leafDepth[0] != depth) {
            throw new TensorException("tensor(): rows of different depth; every element must be nested equally deep");
        }
    }

    private static DType merge(DType a, DType b) {
        if (a == null) {
            return b;
        }
        return a == b ? a : a == DType.FLOAT32 || b == DType.FLOAT32 ? DType.FLOAT32 : DType.INT64;
    }

    private static void fill(Object data, int depth, int[] dims, float[] out, int[] at) {
        if (data instanceof Boolean b) {
            out[at[0]++] = b ? 1f : 0f;
            return;
        }
        if (data instanceof Number n) {
            out[at[0]++] = n.floatValue();
            return;
        }
        int length = Array.getLength(data);
        if (depth == dims.length - 1 && data.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < length; i++) {
                Object e = Array.get(data, i);
                out[at[0]++] = e instanceof Boolean b ? (b ? 1f : 0f) : ((Number) e).floatValue();
            }
            return;
        }
        if (depth >= dims.length) {
            throw new TensorException("tensor(): rows of different depth; every element must be nested equally deep");
        }
        for (int i = 0; i < length; i++) {
            fill(Array.get(data, i), depth + 1, dims, out, at);
        }
    }

    // ------------------------------------------------------------------ filled

    public static Tensor zeros(int... shape) {
        checkShape("zeros", shape);
        return Tensor.wrap(Memory.floats("zeros", shape, ""), shape);
    }

    public static Tensor zeros(Size size) {
        return zeros(size.toArray());
    }

    public static Tensor ones(int... shape) {
        return full(shape, 1);
    }

    public static Tensor ones(Size size) {
        return ones(size.toArray());
    }

    /** A tensor of the given shape with every element {@code value}. */
    public static Tensor full(int[] shape, double value) {
        checkShape("full", shape);
        float[] v = Memory.floats("full", shape, "");
        Arrays.fill(v, (float) value);
        return Tensor.wrap(v, shape);
    }

    public static Tensor zerosLike(Tensor x) {
        return Tensor.wrap(new float[x.numel()], x.dtype, x.shape.clone());
    }

    public static Tensor onesLike(Tensor x) {
        float[] v = new float[x.numel()];
        Arrays.fill(v, 1f);
        return Tensor.wrap(v, x.dtype, x.shape.clone());
    }

    /** The identity matrix of size n x n. */
    public static Tensor eye(int n) {
        Tensor e = zeros(n, n);
        for (int i = 0; i < n; i++) {
            e.storage[i * n + i] = 1f;
        }
        return e;
    }

    /** {@code 0, 1, ..., end-1} as INT64, like {@code torch.arange(end)}. */
    public static Tensor arange(int end) {
        return arange(0, end, 1, DType.INT64);
    }

    /** {@code 0, 1, ..., end-1} of the given type: {@code arange(16, FLOAT32)}. */
    public static Tensor arange(int end, DType dtype) {
        return arange(0, end, 1, dtype);
    }

    /** {@code start, start+step, ...} below {@code end} (above it for a negative step), float32. */
    public static Tensor arange(double start, double end, double step) {
        return arange(start, end, step, DType.FLOAT32);
    }

    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || (end - start) / step < 0 && end != start) {
            throw new TensorException("arange: upper bound and larger bound inconsistent with step sign (start " + start
                    + ", end " + end + ", step " + step + ")");
        }
        int n = (int) Math.ceil((end - start) / step);
        float[] v = new float[Math.max(n, 0)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (start + i * step);
        }
        return Tensor.wrap(v, dtype, v.length);
    }

    // ------------------------------------------------------------------ random (driven by Generator.global())

    /** Seeds the global generator, like {@code torch.manual_seed}: the same seed gives the same numbers as PyTorch's CPU generator. */
    public static void manualSeed(long seed) {
        Generator.global().manualSeed(seed);
    }

    /** Uniform values in [0, 1). */
    public static Tensor rand(int... shape) {
        return zeros(shape).uniform_(0, 1);
    }

    /** Standard normal values. */
    public static Tensor randn(int... shape) {
        return zeros(shape).normal_(0, 1);
    }

    /** Normal values with the given mean and standard deviation: the book's {@code d2l.normal(0, 1, (3, 3, 3))}. */
    public static Tensor normal(double mean, double std, int... shape) {
        return zeros(shape).normal_(mean, std);
    }

    // ------------------------------------------------------------------ operations as free functions

    /** Joins tensors along an existing dimension (PyTorch's {@code cat}, the book's {@code d2l.concat}). */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Joining.cat(tensors, dim);
    }

    public static Tensor cat(Tensor[] tensors, int dim) {
        return Joining.cat(Arrays.asList(tensors), dim);
    }

    /** The book's name for {@link #cat}. */
    public static Tensor concat(List<Tensor> tensors, int dim) {
        return cat(tensors, dim);
    }

    /** Joins equally shaped tensors along a new dimension. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Joining.stack(tensors, dim);
    }

    public static Tensor stack(Tensor[] tensors, int dim) {
        return Joining.stack(Arrays.asList(tensors), dim);
    }

    /** Stacks along a new first dimension. */
    public static Tensor stack(Tensor... tensors) {
        return Joining.stack(Arrays.asList(tensors), 0);
    }

    public static Tensor matmul(Tensor a, Tensor b) {
        return a.matmul(b);
    }

    /** Runs {@code body} without recording operations, like {@code with torch.no_grad():}. */
    public static <T> T noGrad(Supplier<T> body) {
        return GradMode.noGrad(body);
    }

    /** Runs {@code body} without recording operations. */
    public static void noGrad(Runnable body) {
        GradMode.noGrad(body);
    }

    /** The index {@code start:stop} for {@link Tensor#get(Object...)} and {@link Tensor#set(Object...)}. */
    public static Slice slice(int start, int stop) {
        return Slice.of(start, stop);
    }

    /** The index {@code start:stop:step}. */
    public static Slice slice(int start, int stop, int step) {
        return Slice.of(start, stop, step);
    }

    /** The index {@code :}. */
    public static Slice all() {
        return Slice.ALL;
    }

    private static void checkShape(String op, int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new TensorException(op + "(): Trying to create tensor with negative dimension " + d + ": "
                        + Shapes.toString(shape));
            }
        }
    }
}
