package d2l.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The first step of a long sum in a fixed order: a contiguous run of floats summed a vector at a
 * time, in float, into per-lane partial sums that the caller then adds, lane by lane, into doubles.
 * Summing every value straight into doubles (as the scalar loops of {@link BatchNorm} and
 * {@link Convolution#backwardBias} do for short runs) takes a few times as long on planes of 24x24
 * and more; a lane here sums only a few dozen values of one plane, so float keeps its precision.
 */
final class RunSums {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Floats per vector: the length of the {@code lanes} arrays. */
    static final int LANES = SPECIES.length();

    private RunSums() {}

    /**
     * Sums {@code x[from ..)} two vectors at a time, as far as whole pairs of vectors reach before
     * {@code end} (at least one pair: {@code end - from >= 2 * LANES}), into {@code lanes}
     * (overwritten): {@code lanes[l]} is the sum of the values at {@code from + l + LANES * m}.
     * Returns the index of the first value left out, for the caller's scalar loop.
     */
    static int sum(float[] x, int from, int end, float[] lanes) {
        FloatVector v0 = FloatVector.fromArray(SPECIES, x, from);
        FloatVector v1 = FloatVector.fromArray(SPECIES, x, from + LANES);
        int i = from + 2 * LANES;
        for (; i + 2 * LANES <= end; i += 2 * LANES) {
            v0 = v0.add(FloatVector.fromArray(SPECIES, x, i));
            v1 = v1.add(FloatVector.fromArray(SPECIES, x, i + LANES));
        }
        v0.add(v1).intoArray(lanes, 0);
        return i;
    }
}
