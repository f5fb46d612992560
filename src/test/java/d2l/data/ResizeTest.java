package d2l.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Bilinear resizing with {@code align_corners=False}, checked on cases small enough to work out by
 * hand; the expected values are also what {@code F.interpolate(x, size, mode='bilinear')} prints.
 */
class ResizeTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void twoByTwoToFourByFour() {
        // Output pixel x samples (x + 0.5) / 2 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (past
        // the last pixel, so the last pixel): weights 0, 0.25, 0.75 and 1 towards the second one.
        float[] out = new Resize(2, 2, 4, 4).apply(bytes(1, 2, 3, 4));
        assertThat(out).containsExactly(
                1.00f, 1.25f, 1.75f, 2.00f,
                1.50f, 1.75f, 2.25f, 2.50f,
                2.50f, 2.75f, 3.25f, 3.50f,
                3.00f, 3.25f, 3.75f, 4.00f);
    }

    @Test
    void threeToFiveAlongARow() {
        // Sample points 0.6 * (x + 0.5) - 0.5 = -0.2 (clamped), 0.4, 1.0, 1.6, 2.2 (past the end).
        float[] out = new Resize(1, 3, 1, 5).apply(bytes(0, 10, 20));
        assertThat(out).containsExactly(new float[] {0f, 4f, 10f, 16f, 20f}, within(1e-5f));
    }

    @Test
    void shrinkingTakesTheTwoNearestPixels() {
        // Sample points 2 * (x + 0.5) - 0.5 = 0.5 and 2.5: means of pixels 0, 1 and of 2, 3.
        float[] out = new Resize(1, 4, 1, 2).apply(bytes(0, 10, 20, 30));
        assertThat(out).containsExactly(5f, 25f);
    }

    @Test
    void sameSizeIsTheIdentity() {
        byte[] image = new byte[28 * 28];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i * 13);
        }
        float[] out = new Resize(28, 28, 28, 28).apply(image);
        for (int i = 0; i < image.length; i++) {
            assertThat(out[i]).isEqualTo(image[i] & 0xff);
        }
    }

    @Test
    void aConstantImageStaysConstantAtTheBookSizes() {
        byte[] grey = new byte[28 * 28];
        Arrays.fill(grey, (byte) 200);
        for (int size : new int[] {96, 224}) {
            float[] out = new Resize(28, 28, size, size).apply(grey);
            assertThat(out).hasSize(size * size);
            for (float v : out) {
                assertThat(v).isCloseTo(200f, within(1e-4f));
            }
        }
    }

    @Test
    void divisorGivesUnitPixelsAndOffsetsAreRespected() {
        byte[] twoImages = bytes(0, 0, 0, 0, 255, 255, 255, 255);
        float[] target = new float[2 + 9];
        new Resize(2, 2, 3, 3).apply(twoImages, 4, target, 2, 255f);
        assertThat(target[0]).isZero();
        assertThat(target[1]).isZero();
        for (int i = 2; i < target.length; i++) {
            assertThat(target[i]).isEqualTo(1f);
        }
    }

    @Test
    void rejectsWrongSizes() {
        assertThatThrownBy(() -> new Resize(28, 28, 0, 0)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> new Resize(2, 2, 4, 4).apply(new byte[5])).hasMessageContaining("expected a 2x2 image");
    }
}
