package d2l.workbook;

import static d2l.tensor.Torch.ones;
import static d2l.tensor.Torch.tensor;
import static d2l.tensor.Torch.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures of tensors without a screen: text heat maps and PNG files. */
class PicturesTest {

    private static Tensor edges() {
        Tensor X = ones(6, 8);
        X.set(":, 2:6", 0);
        return Sec72.corr2d(X);
    }

    /** The book's edge output ([001] In [7]) without needing a workbook. */
    private static final class Sec72 {
        static Tensor corr2d(Tensor X) {
            return X.get(":, :-1").sub(X.get(":, 1:"));
        }
    }

    @Test
    void textHeatMapOfTheEdges() {
        assertThat(Pictures.text(edges())).isEqualTo(
                "tensor of shape [6, 7], min -1, max 1:  ' ' = -1 ... '█' = 1\n"
                        + "▒▒██▒▒▒▒▒▒  ▒▒\n".repeat(6));
    }

    @Test
    void textHeatMapOfABatchWithTitles() {
        Tensor images = zeros(2, 1, 4, 3);
        images.set(0, 0, 0, 0, 1);
        images.set(1, 0, 3, 2, 1);
        // one character per pixel across, one line per two pixel rows (the brighter of the two), titles cut to the width
        assertThat(Pictures.text(images, List.of("a", "second"))).isEqualTo(
                "a    " + "sec  " + "\n"
                        + "█  " + "  " + "   " + "  " + "\n"
                        + "   " + "  " + "  █" + "  " + "\n");
    }

    @Test
    void pngOfATensorHasACellPerElement(@TempDir Path dir) throws IOException {
        Path file = Pictures.png(edges(), dir.resolve("edges.png").toString());
        BufferedImage image = ImageIO.read(file.toFile());

        int cell = 480 / 7;
        assertThat(image.getHeight()).isEqualTo(6 * Math.min(40, cell) + 22);
        // column 1 is +1 (red), column 5 is -1 (blue), column 0 is 0 (white)
        int red = image.getRGB(40 + 20, 20);
        int blue = image.getRGB(5 * 40 + 20, 20);
        int white = image.getRGB(20, 20);
        assertThat(red & 0xffffff).isEqualTo(0xff0000);
        assertThat(blue & 0xffffff).isEqualTo(0x0000ff);
        assertThat(white & 0xffffff).isEqualTo(0xffffff);
    }

    @Test
    void pngOfABatchOfImages(@TempDir Path dir) throws IOException {
        Tensor images = zeros(5, 1, 28, 28).add(tensor("[0.5]"));
        Path file = Pictures.png(images, List.of("t-shirt", "trouser", "pullover", "dress", "coat"), 3, dir.resolve("b.png").toString());
        BufferedImage image = ImageIO.read(file.toFile());

        // 3 per row, 2 rows; 28 pixels scaled 3 times, 6 pixels apart, 18 for the title
        assertThat(image.getWidth()).isEqualTo(3 * (84 + 6) + 6);
        assertThat(image.getHeight()).isEqualTo(2 * (84 + 18 + 6) + 6);
    }

    @Test
    void wrongShapesSayWhatIsExpected() {
        assertThatThrownBy(() -> Pictures.text(zeros(2, 3, 4))).hasMessageContaining("expected a 2-D tensor");
        assertThatThrownBy(() -> Pictures.text(zeros(2, 4, 4), List.of("one"))).hasMessageContaining("2 images but 1 titles");
    }
}
