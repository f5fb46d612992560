package d2l.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max, average and adaptive average pooling on NCHW float arrays, forward and backward, with
 * PyTorch's semantics for {@code ceil_mode=False}.
 *
 * <p>Every (image, channel) plane is pooled on its own, so the work is split across
 * {@link Parallel}'s threads by planes; each output (and each input-gradient plane) is written by one
 * task in a fixed order, which makes the results independent of the thread count.
 *
 * <p>A window of output {@code (oh, ow)} covers padded rows {@code oh * strideHeight - padHeight}
 * up to {@code + kernelHeight} (and likewise columns); the parts in the padding hold -infinity for
 * max pooling and zero for average pooling.
 */
public final class Pooling {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** About this many inner-loop steps per task, enough to pay for handing the task to a thread. */
    private static final int WORK_PER_TASK = 1 << 15;

    private Pooling() {}

    private static int planesPerTask(int workPerPlane) {
        return Math.max(1, WORK_PER_TASK / Math.max(1, workPerPlane));
    }

    // ---- max pooling ----------------------------------------------------------------------------

    /**
     * {@code output[p, oh, ow] = max(input[p, window])} for every plane p, and
     * {@code argmax[p, oh, ow] = h * inWidth + w}, the position of the maximum inside its plane: the
     * first one in row-major order on ties, and the last NaN if there is one (a NaN wins), exactly
     * as PyTorch's scan {@code if (v > max || isnan(v))} picks it. {@code argmax} may be null when no
     * backward pass follows.
     *
     * <p>Nine dependent compares per output would be slow, so each output row is done in two
     * vectorised passes over a {@code PaddedRow}: first, for every input column, the maximum over
     * the window's rows; then, for every window start along the row, the maximum of those column
     * maxima over the window's columns, of which every stride-th is an output. Positions travel with
     * the values, and equal values go to the smaller position, which keeps PyTorch's choice.
     */
    public static void maxForward(ConvGeometry g, float[] input, float[] output, int[] argmax) {
        checkPooling(g);
        int planes = g.batch() * g.inChannels();
        int inH = g.inHeight();
        int inW = g.inWidth();
        int outH = g.outHeight();
        int outW = g.outWidth();
        checkLength("input", input, planes * inH * inW);
        checkLength("output", output, planes * outH * outW);
        if (argmax != null && argmax.length < planes * outH * outW) {
            throw new IllegalArgumentException("argmax has " + argmax.length + " elements, needs " + planes * outH * outW);
        }
        if (inH * inW > 1 << 24) {
            throw new IllegalArgumentException("max_pool2d: planes of more than 2^24 pixels are not supported, got "
                    + inH + " x " + inW);
        }
        int grain = planesPerTask(outH * outW * g.kernelHeight() * g.kernelWidth());
        Parallel.forRange(planes, grain, (first, last) -> {
            PaddedRow columns = new PaddedRow(g, Float.NEGATIVE_INFINITY);
            PaddedRow windows = new PaddedRow(g, Float.NEGATIVE_INFINITY);
            for (int p = first; p < last; p++) {
                maxPlane(g, input, p * inH * inW, output, argmax, p * outH * outW, columns, windows);
            }
        });
    }

    /**
     * One input row's worth of working values, with {@code padWidth} extra cells on the left and
     * enough on the right for whole vectors: cell {@code padWidth + w} belongs to input column w.
     * Cells outside the input keep a neutral value (-infinity for max, 0 for average) and, for max
     * pooling, the position +infinity, which loses every tie. Positions {@code h * inW + w} are kept
     * as floats (exact below 2^24).
     */
    private static final class PaddedRow {
        final float[] value;
        final float[] position;
        /** Window starts along the row: output ow starts at cell {@code ow * strideWidth}. */
        final int starts;

        PaddedRow(ConvGeometry g, float neutral) {
            int lanes = SPECIES.length();
            starts = (g.outWidth() - 1) * g.strideWidth() + 1;
            int length = Math.max(g.inWidth() + 2 * g.padWidth(), roundUp(starts, lanes) + g.kernelWidth()) + lanes;
            value = new float[length];
            position = new float[length];
            Arrays.fill(value, neutral);
            Arrays.fill(position, Float.POSITIVE_INFINITY);
        }

        private static int roundUp(int x, int multiple) {
            return (x + multiple - 1) / multiple * multiple;
        }
    }

    private static void maxPlane(ConvGeometry g, float[] input, int in, float[] output, int[] argmax, int out,
                                 PaddedRow columns, PaddedRow windows) {
        int inH = g.inHeight();
        int outW = g.outWidth();
        int stride = g.strideWidth();
        for (int oh = 0; oh < g.outHeight(); oh++) {
            int h0 = oh * g.strideHeight() - g.padHeight();
            columnMaxima(input, in, g.inWidth(), Math.max(h0, 0), Math.min(h0 + g.kernelHeight(), inH),
                    columns.value, columns.position, g.padWidth());
            windowMaxima(columns.value, columns.position, columns.starts, g.kernelWidth(),
                    windows.value, windows.position);
            int o = out + oh * outW;
            for (int ow = 0; ow < outW; ow++) {
                output[o + ow] = windows.value[ow * stride];
            }
            if (argmax != null) {
                for (int ow = 0; ow < outW; ow++) {
                    argmax[o + ow] = (int) windows.position[ow * stride];
                }
            }
        }
    }

    /**
     * For every input column w, into cell {@code pad + w}: the maximum of input rows
     * {@code [hStart, hEnd)} at w (the first one; the last NaN if any) and its position.
     */
    private static void columnMaxima(float[] input, int in, int inW, int hStart, int hEnd,
                                     float[] max, float[] position, int pad) {
        int first = in + hStart * inW;
        int rows = hEnd - hStart;
        int w = 0;
        for (int bound = SPECIES.loopBound(inW); w < bound; w += SPECIES.length()) {
            FloatVector columnPosition = FloatVector.broadcast(SPECIES, (float) (hStart * inW + w)).addIndex(1);
            FloatVector best = FloatVector.fromArray(SPECIES, input, first + w);
            FloatVector bestPosition = columnPosition;
            for (int r = 1; r < rows; r++) {
                FloatVector v = FloatVector.fromArray(SPECIES, input, first + r * inW + w);
                VectorMask<Float> take = v.compare(VectorOperators.GT, best).or(v.compare(VectorOperators.NE, v));
                best = best.blend(v, take);
                bestPosition = bestPosition.blend(columnPosition.add((float) (r * inW)), take);
            }
            best.intoArray(max, pad + w);
            bestPosition.intoArray(position, pad + w);
        }
        for (; w < inW; w++) {
            float best = input[first + w];
            int bestRow = 0;
            for (int r = 1; r < rows; r++) {
                float v = input[first + r * inW + w];
                if (v > best || v != v) {
                    best = v;
                    bestRow = r;
                }
            }
            max[pad + w] = best;
            position[pad + w] = (hStart + bestRow) * inW + w;
        }
    }

    /**
     * For every window start q in {@code [0, starts)}: the maximum of cells {@code [q, q + kw)} and
     * its position. Larger wins; on equal values the smaller position; a NaN wins over numbers, and
     * over an earlier NaN.
     */
    private static void windowMaxima(float[] max, float[] position, int starts, int kw,
                                     float[] windowMax, float[] windowPosition) {
        for (int q = 0; q < starts; q += SPECIES.length()) {
            FloatVector best = FloatVector.fromArray(SPECIES, max, q);
            FloatVector bestPosition = FloatVector.fromArray(SPECIES, position, q);
            for (int j = 1; j < kw; j++) {
                FloatVector v = FloatVector.fromArray(SPECIES, max, q + j);
                FloatVector at = FloatVector.fromArray(SPECIES, position, q + j);
                VectorMask<Float> larger = v.compare(VectorOperators.GT, best);
                VectorMask<Float> earlierTie = v.compare(VectorOperators.EQ, best).and(at.compare(VectorOperators.LT, bestPosition));
                VectorMask<Float> laterNaN = v.compare(VectorOperators.NE, v)
                        .and(best.compare(VectorOperators.EQ, best).or(at.compare(VectorOperators.GT, bestPosition)));
                VectorMask<Float> take = larger.or(earlierTie).or(laterNaN);
                best = best.blend(v, take);
                bestPosition = bestPosition.blend(at, take);
            }
            best.intoArray(windowMax, q);
            bestPosition.intoArray(windowPosition, q);
        }
    }

    /**
     * The gradient of max pooling: each output gradient goes to the input position that won,
     * {@code gradInput[p, argmax[p, o]] += gradOutput[p, o]} (overlapping windows add up).
     * {@code gradInput} is overwritten.
     */
    public static void maxBackward(ConvGeometry g, float[] gradOutput, int[] argmax, float[] gradInput) {
        checkPooling(g);
        int planes = g.batch() * g.inChannels();
        int inPlane = g.inHeight() * g.inWidth();
        int outPlane = g.outHeight() * g.outWidth();
        checkLength("gradOutput", gradOutput, planes * outPlane);
        checkLength("gradInput", gradInput, planes * inPlane);
        Parallel.forRange(planes, planesPerTask(inPlane + outPlane), (first, last) -> {
            for (int p = first; p < last; p++) {
                int in = p * inPlane;
                int out = p * outPlane;
                Arrays.fill(gradInput, in, in + inPlane, 0f);
                for (int o = 0; o < outPlane; o++) {
                    gradInput[in + argmax[out + o]] += gradOutput[out + o];
                }
            }
        });
    }

    // ---- average pooling ------------------------------------------------------------------------

    /**
     * {@code output[p, oh, ow] = sum(input[p, window]) / divisor}. With {@code countIncludePad}
     * (PyTorch's default) the divisor counts the padding too: it is the window clamped to the padded
     * input, {@code (hEnd - hStart) * (wEnd - wStart)} with {@code hEnd = min(hStart + kh, inH + padH)},
     * which is the full {@code kh * kw} whenever ceil_mode is off. Without it, only the input
     * positions in the window are counted.
     *
     * <p>Like max pooling, in two passes over a {@code PaddedRow} (zero outside the input): for every
     * column, the sum over the window's rows; then, for every window start along the row, the sum
     * of those over the window's columns, of which every stride-th is an output. Windows that
     * {@link #tiles tile} the input (LeNet's 2 x 2) take direct loops with the same sums, three times
     * faster at LeNet's sizes.
     */
    public static void avgForward(ConvGeometry g, boolean countIncludePad, float[] input, float[] output) {
        avgForward(g, countIncludePad, input, output, true);
    }

    /** {@link #avgForward}, with {@code tilesAllowed} false always taking the general path (for the tests). */
    static void avgForward(ConvGeometry g, boolean countIncludePad, float[] input, float[] output, boolean tilesAllowed) {
        checkPooling(g);
        int planes = g.batch() * g.inChannels();
        int inH = g.inHeight();
        int inW = g.inWidth();
        int outH = g.outHeight();
        int outW = g.outWidth();
        int pad = g.padWidth();
        int stride = g.strideWidth();
        checkLength("input", input, planes * inH * inW);
        checkLength("output", output, planes * outH * outW);
        float[] divisors = divisors(g, countIncludePad);
        int grain = planesPerTask(outH * outW * g.kernelHeight() * g.kernelWidth());
        if (tilesAllowed && tiles(g)) {
            Parallel.forRange(planes, grain, (first, last) -> avgForwardTiles(g, input, output, first, last));
            return;
        }
        Parallel.forRange(planes, grain, (first, last) -> {
            float[] columnSum = new PaddedRow(g, 0f).value;
            float[] windowSum = new float[columnSum.length];
            int starts = (outW - 1) * stride + 1;
            for (int p = first; p < last; p++) {
                int in = p * inH * inW;
                int out = p * outH * outW;
                for (int oh = 0; oh < outH; oh++) {
                    Window rows = Window.of(oh, g.strideHeight(), g.padHeight(), g.kernelHeight(), inH);
                    int start = in + rows.start() * inW;
                    System.arraycopy(input, start, columnSum, pad, inW);
                    for (int h = 1; h < rows.length(); h++) {
                        int row = start + h * inW - pad;
                        for (int w = pad; w < pad + inW; w++) {
                            columnSum[w] += input[row + w];
                        }
                    }
                    System.arraycopy(columnSum, 0, windowSum, 0, starts);
                    for (int j = 1; j < g.kernelWidth(); j++) {
                        for (int q = 0; q < starts; q++) {
                            windowSum[q] += columnSum[q + j];
                        }
                    }
                    int o = out + oh * outW;
                    int d = oh * outW;
                    for (int ow = 0; ow < outW; ow++) {
                        output[o + ow] = windowSum[ow * stride] / divisors[d + ow];
                    }
                }
            }
        });
    }

    /**
     * The gradient of average pooling: every input position in a window receives
     * {@code gradOutput / divisor} of that window (the divisor as in the forward pass).
     * {@code gradInput} is overwritten. In two passes, as the forward: the shares of one output row
     * are spread over the columns of their windows, then that row of column shares is added to each
     * row of the windows.
     */
    public static void avgBackward(ConvGeometry g, boolean countIncludePad, float[] gradOutput, float[] gradInput) {
        avgBackward(g, countIncludePad, gradOutput, gradInput, true);
    }

    /** {@link #avgBackward}, with {@code tilesAllowed} false always taking the general path (for the tests). */
    static void avgBackward(ConvGeometry g, boolean countIncludePad, float[] gradOutput, float[] gradInput, boolean tilesAllowed) {
        checkPooling(g);
        int planes = g.batch() * g.inChannels();
        int inH = g.inHeight();
        int inW = g.inWidth();
        int outH = g.outHeight();
        int outW = g.outWidth();
        int pad = g.padWidth();
        int stride = g.strideWidth();
        checkLength("gradOutput", gradOutput, planes * outH * outW);
        checkLength("gradInput", gradInput, planes * inH * inW);
        float[] divisors = divisors(g, countIncludePad);
        int grain = planesPerTask(outH * outW * g.kernelHeight() * g.kernelWidth());
        if (tilesAllowed && tiles(g)) {
            Parallel.forRange(planes, grain, (first, last) -> avgBackwardTiles(g, gradOutput, gradInput, first, last));
            return;
        }
        Parallel.forRange(planes, grain, (first, last) -> {
            float[] columnShare = new PaddedRow(g, 0f).value;
            float[] windowShare = new float[columnShare.length];
            int starts = (outW - 1) * stride + 1;
            for (int p = first; p < last; p++) {
                int in = p * inH * inW;
                int out = p * outH * outW;
                int untouched = 0; // rows below this one have been written
                for (int oh = 0; oh < outH; oh++) {
                    Window rows = Window.of(oh, g.strideHeight(), g.padHeight(), g.kernelHeight(), inH);
                    if (rows.start() > untouched) { // rows no window covers (stride larger than kernel)
                        Arrays.fill(gradInput, in + untouched * inW, in + rows.start() * inW, 0f);
                    }
                    int o = out + oh * outW;
                    int d = oh * outW;
                    for (int ow = 0; ow < outW; ow++) {
                        windowShare[ow * stride] = gradOutput[o + ow] / divisors[d + ow];
                    }
                    Arrays.fill(columnShare, 0f);
                    for (int j = 0; j < g.kernelWidth(); j++) {
                        for (int q = 0; q < starts; q += stride) {
                            columnShare[q + j] += windowShare[q];
                        }
                    }
                    for (int h = rows.start(); h < rows.end(); h++) {
                        int row = in + h * inW - pad;
                        if (h < untouched) {
                            for (int w = pad; w < pad + inW; w++) {
                                gradInput[row + w] += columnShare[w];
                            }
                        } else {
                            System.arraycopy(columnShare, pad, gradInput, row + pad, inW);
                        }
                    }
                    untouched = Math.max(untouched, rows.end());
                }
                Arrays.fill(gradInput, in + untouched * inW, in + inH * inW, 0f);
            }
        });
    }

    /**
     * Whether the windows tile the input: kernel = stride and no padding, as LeNet's 2 x 2 average
     * pooling. Every window then lies inside the input, its divisor is {@code kh * kw} either way,
     * and each input is in at most one window, so the planes take the direct loops below.
     */
    private static boolean tiles(ConvGeometry g) {
        return g.padHeight() == 0 && g.padWidth() == 0 && g.kernelHeight() == g.strideHeight()
                && g.kernelWidth() == g.strideWidth() && g.outHeight() * g.kernelHeight() <= g.inHeight()
                && g.outWidth() * g.kernelWidth() <= g.inWidth();
    }

    /**
     * {@link #avgForward} for windows that {@link #tiles tile} the input, planes {@code [first, last)}:
     * each window summed in the general path's order (down each column, then the column sums left to
     * right), so both paths give the same bits.
     */
    private static void avgForwardTiles(ConvGeometry g, float[] input, float[] output, int first, int last) {
        int inH = g.inHeight();
        int inW = g.inWidth();
        int outH = g.outHeight();
        int outW = g.outWidth();
        int kh = g.kernelHeight();
        int kw = g.kernelWidth();
        float divisor = kh * kw;
        for (int p = first; p < last; p++) {
            for (int oh = 0; oh < outH; oh++) {
                int row = p * inH * inW + oh * kh * inW;
                int o = (p * outH + oh) * outW;
                if (kh == 2 && kw == 2) {
                    for (int ow = 0, c = row; ow < outW; ow++, c += 2) {
                        output[o + ow] = ((input[c] + input[c + inW]) + (input[c + 1] + input[c + 1 + inW])) / divisor;
                    }
                    continue;
                }
                for (int ow = 0; ow < outW; ow++) {
                    int c = row + ow * kw;
                    float window = columnSum(input, c, inW, kh);
                    for (int j = 1; j < kw; j++) {
                        window += columnSum(input, c + j, inW, kh);
                    }
                    output[o + ow] = window / divisor;
                }
            }
        }
    }

    /** {@code input[c] + input[c + inW] + ...}, {@code kh} values down a column, summed top to bottom. */
    private static float columnSum(float[] input, int c, int inW, int kh) {
        float sum = input[c];
        for (int i = 1; i < kh; i++) {
            sum += input[c + i * inW];
        }
        return sum;
    }

    /**
     * {@link #avgBackward} for windows that {@link #tiles tile} the input, planes {@code [first, last)}:
     * every input of a window gets {@code 0 + gradOutput / (kh * kw)} (the general path's sum, which
     * turns -0 into +0), and the rows and columns no window covers get zero.
     */
    private static void avgBackwardTiles(ConvGeometry g, float[] gradOutput, float[] gradInput, int first, int last) {
        int inH = g.inHeight();
        int inW = g.inWidth();
        int outH = g.outHeight();
        int outW = g.outWidth();
        int kh = g.kernelHeight();
        int kw = g.kernelWidth();
        float divisor = kh * kw;
        int covered = outW * kw;
        for (int p = first; p < last; p++) {
            int plane = p * inH * inW;
            for (int oh = 0; oh < outH; oh++) {
                int o = (p * outH + oh) * outW;
                int top = plane + oh * kh * inW;
                if (kh == 2 && kw == 2) {
                    for (int ow = 0, c = top; ow < outW; ow++, c += 2) {
                        float share = 0f + gradOutput[o + ow] / divisor;
                        gradInput[c] = share;
                        gradInput[c + 1] = share;
                        gradInput[c + inW] = share;
                        gradInput[c + inW + 1] = share;
                    }
                } else {
                    for (int ow = 0; ow < outW; ow++) {
                        float share = 0f + gradOutput[o + ow] / divisor;
                        for (int i = 0; i < kh; i++) {
                            Arrays.fill(gradInput, top + i * inW + ow * kw, top + i * inW + (ow + 1) * kw, share);
                        }
                    }
                }
                for (int i = 0; i < kh; i++) {
                    Arrays.fill(gradInput, top + i * inW + covered, top + (i + 1) * inW, 0f);
                }
            }
            Arrays.fill(gradInput, plane + outH * kh * inW, plane + inH * inW, 0f);
        }
    }

    /** The divisor of every output position of a plane, {@code [outH * outW]}. */
    private static float[] divisors(ConvGeometry g, boolean countIncludePad) {
        float[] divisors = new float[g.outHeight() * g.outWidth()];
        for (int oh = 0; oh < g.outHeight(); oh++) {
            Window rows = Window.of(oh, g.strideHeight(), g.padHeight(), g.kernelHeight(), g.inHeight());
            for (int ow = 0; ow < g.outWidth(); ow++) {
                Window cols = Window.of(ow, g.strideWidth(), g.padWidth(), g.kernelWidth(), g.inWidth());
                divisors[oh * g.outWidth() + ow] = countIncludePad
                        ? rows.padded() * cols.padded() : rows.length() * cols.length();
            }
        }
        return divisors;
    }

    /**
     * The input range {@code [start, end)} of window i along one axis, clamped to the input, and
     * {@code padded}, its length clamped to the padded input only (PyTorch's count_include_pad size).
     */
    private record Window(int start, int end, int padded) {

        static Window of(int i, int stride, int padding, int kernel, int size) {
            int start = i * stride - padding;
            int end = Math.min(start + kernel, size + padding);
            int padded = end - start;
            return new Window(Math.max(start, 0), Math.min(end, size), padded);
        }

        int length() {
            return end - start;
        }
    }

    /** PyTorch's rule that makes every window overlap the input: padding at most half the kernel. */
    private static void checkPooling(ConvGeometry g) {
        if (g.padHeight() > g.kernelHeight() / 2 || g.padWidth() > g.kernelWidth() / 2) {
            throw new IllegalArgumentException("pad should be at most half of effective kernel size, but got pad=("
                    + g.padHeight() + ", " + g.padWidth() + "), kernel_size=(" + g.kernelHeight() + ", "
                    + g.kernelWidth() + ") and dilation=1");
        }
    }

    // ---- adaptive average pooling ---------------------------------------------------------------

    /** First input index of adaptive window {@code i}: {@code floor(i * in / out)}. */
    static int adaptiveStart(int i, int in, int out) {
        return (int) ((long) i * in / out);
    }

    /** One past the last input index of adaptive window {@code i}: {@code ceil((i + 1) * in / out)}. */
    static int adaptiveEnd(int i, int in, int out) {
        return (int) (((long) (i + 1) * in + out - 1) / out);
    }

    /**
     * Adaptive average pooling to a fixed {@code outH x outW}: output {@code (i, j)} is the mean of
     * rows {@code [floor(i * inH / outH), ceil((i + 1) * inH / outH))} and the matching columns, as
     * {@code nn.AdaptiveAvgPool2d} does. {@code planes} is batch times channels.
     */
    public static void adaptiveAvgForward(int planes, int inH, int inW, int outH, int outW,
                                          float[] input, float[] output) {
        checkAdaptive(planes, inH, inW, outH, outW);
        checkLength("input", input, planes * inH * inW);
        checkLength("output", output, planes * outH * outW);
        Parallel.forRange(planes, planesPerTask(inH * inW + outH * outW), (first, last) -> {
            for (int p = first; p < last; p++) {
                int in = p * inH * inW;
                int out = p * outH * outW;
                for (int i = 0; i < outH; i++) {
                    int hStart = adaptiveStart(i, inH, outH);
                    int hEnd = adaptiveEnd(i, inH, outH);
                    for (int j = 0; j < outW; j++) {
                        int wStart = adaptiveStart(j, inW, outW);
                        int wEnd = adaptiveEnd(j, inW, outW);
                        float sum = 0f;
                        for (int h = hStart; h < hEnd; h++) {
                            for (int w = wStart; w < wEnd; w++) {
                                sum += input[in + h * inW + w];
                            }
                        }
                        output[out + i * outW + j] = sum / ((hEnd - hStart) * (wEnd - wStart));
                    }
                }
            }
        });
    }

    /**
     * The gradient of adaptive average pooling: each input position in window {@code (i, j)}
     * receives {@code gradOutput[i, j] / windowSize}; windows may overlap, and their shares add up.
     * {@code gradInput} is overwritten.
     */
    public static void adaptiveAvgBackward(int planes, int inH, int inW, int outH, int outW,
                                           float[] gradOutput, float[] gradInput) {
        checkAdaptive(planes, inH, inW, outH, outW);
        checkLength("gradOutput", gradOutput, planes * outH * outW);
        checkLength("gradInput", gradInput, planes * inH * inW);
        Parallel.forRange(planes, planesPerTask(inH * inW + outH * outW), (first, last) -> {
            for (int p = first; p < last; p++) {
                int in = p * inH * inW;
                int out = p * outH * outW;
                Arrays.fill(gradInput, in, in + inH * inW, 0f);
                for (int i = 0; i < outH; i++) {
                    int hStart = adaptiveStart(i, inH, outH);
                    int hEnd = adaptiveEnd(i, inH, outH);
                    for (int j = 0; j < outW; j++) {
                        int wStart = adaptiveStart(j, inW, outW);
                        int wEnd = adaptiveEnd(j, inW, outW);
                        float share = gradOutput[out + i * outW + j] / ((hEnd - hStart) * (wEnd - wStart));
                        for (int h = hStart; h < hEnd; h++) {
                            for (int w = wStart; w < wEnd; w++) {
                                gradInput[in + h * inW + w] += share;
                            }
                        }
                    }
                }
            }
        });
    }

    private static void checkAdaptive(int planes, int inH, int inW, int outH, int outW) {
        if (planes < 0 || inH < 1 || inW < 1 || outH < 1 || outW < 1) {
            throw new IllegalArgumentException("adaptive_avg_pool2d(): expected a non-empty input and output size, got "
                    + planes + " planes of " + inH + " x " + inW + " pooled to " + outH + " x " + outW);
        }
    }

    private static void checkLength(String name, float[] array, int needed) {
        if (array.length < needed) {
            throw new IllegalArgumentException(name + " has " + array.length + " elements, needs " + needed);
        }
    }
}
