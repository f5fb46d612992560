package d2l.tensor;

import d2l.kernels.Pointwise;
import d2l.kernels.Pointwise.Binary;
import d2l.kernels.Pointwise.Unary;

/** Elementwise operations with broadcasting, each forward followed by its gradient. */
final class Arithmetic {

    private Arithmetic() {}

    /** {@code f(x)} elementwise; the gradient uses the derivative of f. */
    static Tensor unary(Unary f, Tensor x) {
        Tensor xc = x.contiguous();
        float[] out = Memory.floats(f.name().toLowerCase() + " output", x.shape, "");
        Pointwise.unary(f, xc.storage, xc.offset, out, out.length);
        Tensor y = new Tensor(out, 0, x.shape.clone(), Shapes.contiguousStrides(x.shape),
                f == Unary.NEG || f == Unary.ABS || f == Unary.SIGN || f == Unary.RELU ? x.dtype : DType.FLOAT32);
        Tensor recorded = switch (f) {
            case NEG -> y.record("NegBackward0", g -> new Tensor[] {g.neg()}, x);
            case EXP -> y.record("ExpBackward0", g -> new Tensor[] {g.mul(y.detach())}, x);
            case LOG -> y.record("LogBackward0", g -> new Tensor[] {g.div(x.detach())}, x);
            case ABS -> y.record("AbsBackward0", g -> new Tensor[] {g.mul(x.detach().sign())}, x);
            case SQRT -> y.record("SqrtBackward0", g -> new Tensor[] {g.div(y.detach().mul(2))}, x);
            // d sigmoid = y (1 - y)
            case SIGMOID -> y.record("SigmoidBackward0", g -> new Tensor[] {binaryForward(Binary.SIGMOID_GRAD, g, y)}, x);
            // d relu = 1 where x > 0, else 0
            case RELU -> y.record("ReluBackward0", g -> new Tensor[] {binaryForward(Binary.RELU_GRAD, g, y)}, x);
            // d tanh = 1 - y^2
            case TANH -> y.record("TanhBackward0", g -> new Tensor[] {binaryForward(Binary.TANH_GRAD, g, y)}, x);
            case SIGN -> y.record("SignBackward0", g -> new Tensor[] {Torch.zerosLike(x)}, x);
            case RECIPROCAL -> y.record("ReciprocalBackward0", g -> new Tensor[] {g.mul(y.detach().pow(2)).neg()}, x);
            case SQUARE -> y.record("PowBackward0", g -> new Tensor[] {g.mul(x.detach().mul(2))}, x);
        };
        return switch (f) {
            case NEG, SIGN -> recorded;
            case LOG, ABS, SQUARE -> recorded.saveForBackward(x);
            case EXP, SQRT, SIGMOID, RELU, TANH, RECIPROCAL -> recorded.saveForBackward(y);
        };
    }

    /** {@code x ** p} for a constant exponent; d/dx = p x^(p-1). */
    static Tensor pow(Tensor x, float p) {
        Tensor y = binaryForward(Binary.POW, x, Torch.scalar(p));
        return y.record("PowBackward0", g -> new Tensor[] {
                p == 2f ? g.mul(x.detach().mul(2)) : g.mul(x.detach().pow(p - 1).mul(p))}, x).saveForBackward(x);
    }

    /** {@code f(a, b)} elementwise after broadcasting both to a common shape. */
    static Tensor binary(Binary f, Tensor a, Tensor b) {
        Tensor y = binaryForward(f, a, b);
        Tensor recorded = switch (f) {
            case ADD -> y.record("AddBackward0", g -> new Tensor[] {sumTo(g, a), sumTo(g, b)}, a, b);
            case SUB -> y.record("SubBackward0", g -> new Tensor[] {sumTo(g, a), sumTo(g.neg(), b)}, a, b);
            case MUL -> y.record("MulBackward0", g -> new Tensor[] {
                    a.requiresGrad() ? sumTo(g.mul(b.detach()), a) : null,
                    b.requiresGrad() ? sumTo(g.mul(a.detach()), b) : null}, a, b);
            // d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
            case DIV -> y.record("DivBackward0", g -> new Tensor[] {
                    a.requiresGrad() ? sumTo(g.div(b.detach()), a) : null,
                    b.requiresGrad() ? sumTo(g.mul(a.detach()).div(b.detach().pow(2)).neg(), b) : null}, a, b);
            // d(a^b)/da = b a^(b-1), d(a^b)/db = a^b ln a
            case POW -> y.record("PowBackward1", g -> new Tensor[] {
                    a.requiresGrad() ? sumTo(g.mul(b.detach()).mul(a.detach().pow(b.detach().sub(1))), a) : null,
                    b.requiresGrad() ? sumTo(g.mul(y.detach()).mul(a.detach().log()), b) : null}, a, b);
            // the gradient goes to the larger (smaller) operand, split evenly on ties as in PyTorch
            case MAXIMUM, MINIMUM -> y.record(f == Binary.MAXIMUM ? "MaximumBackward0" : "MinimumBackward0", g -> {
                Tensor ad = a.detach();
                Tensor bd = b.detach();
                Tensor wins = (f == Binary.MAXIMUM ? ad.gt(bd) : ad.lt(bd)).to(DType.FLOAT32);
                Tensor ties = ad.eq(bd).to(DType.FLOAT32).mul(0.5);
                Tensor share = wins.add(ties);
                return new Tensor[] {sumTo(g.mul(share), a), sumTo(g.mul(Torch.scalar(1).sub(share)), b)};
            }, a, b);
            case EQ, NE, LT, LE, GT, GE -> y;
            case SIGMOID_GRAD, TANH_GRAD, RELU_GRAD -> throw new TensorException(f + " is a backward step, not an operation");
        };
        return switch (f) {
            case MUL, DIV, MAXIMUM, MINIMUM -> recorded.saveForBackward(a, b);
            case POW -> recorded.saveForBackward(a, b, y);
            default -> recorded;
        };
    }

    private static Tensor binaryForward(Binary f, Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast(opName(f), a.shape, b.shape);
        float[] out = Memory.floats(opName(f) + " output", shape, "");
        Pointwise.binary(f, a.storage, a.offset, Shapes.broadcastStrides(a.shape, a.strides, shape),
                b.storage, b.offset, Shapes.broadcastStrides(b.shape, b.strides, shape), out, shape);
        DType type = switch (f) {
            case EQ, NE, LT, LE, GT, GE -> DType.BOOL;
            case DIV -> DType.FLOAT32;
            default -> DType.promote(a.dtype, b.dtype);
        };
        return new Tensor(out, 0, shape, Shapes.contiguousStrides(shape), type);
    }

    /** Sums a broadcast gradient back to the shape of the operand it belongs to. */
    static Tensor sumTo(Tensor g, Tensor operand) {
        if (!operand.requiresGrad()) {
            return null;
        }
        return sumTo(g, operand.shape);
    }

    static Tensor sumTo(Tensor g, int[] shape) {
        if (java.util.Arrays.equals(g.shape, shape)) {
            return g;
        }
        int lead = g.shape.length - shape.length;
        int count = 0;
        int[] dims = new int[g.shape.length];
        for (int d = 0; d < g.shape.length; d++) {
            if (d < lead || (shape[d - lead] == 1 && g.shape[d] != 1)) {
                dims[count++] = d;
            }
        }
        Tensor summed = count == 0 ? g : Reductions.sum(g, java.util.Arrays.copyOf(dims, count), true);
        return summed.reshape(shape);
    }

    /** The same values as another type; not differentiable except float to float. */
    static Tensor convert(Tensor x, DType type) {
        if (type == x.dtype) {
            return x;
        }
        float[] v = x.toArray();
        if (type == DType.BOOL) {
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] != 0f ? 1f : 0f;
            }
        } else if (type == DType.INT64) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (long) v[i];
            }
        }
        return new Tensor(v, 0, x.shape.clone(), Shapes.contiguousStrides(x.shape), type);
    }

    private static String opName(Binary f) {
        return f.name().toLowerCase();
    }
}
