package d2l.data;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.data.FashionMNIST.Batch;
import d2l.tensor.Size;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The real Fashion-MNIST, read from the directory in {@code D2L_DATA} (CI sets it; skipped
 * otherwise): its sizes, its class balance and the book's first batch.
 */
@EnabledIfEnvironmentVariable(named = DataDirectory.ENVIRONMENT_VARIABLE, matches = ".+")
class FashionMNISTRealDataTest {

    private static FashionMNIST data;

    @BeforeAll
    static void load() {
        data = new FashionMNIST(256);
    }

    @Test
    void sixtyThousandTrainingAndTenThousandValidationImages() {
        assertThat(data.numTrain()).isEqualTo(60000);
        assertThat(data.numVal()).isEqualTo(10000);
        assertThat(data.numTrainBatches()).isEqualTo(235);
        assertThat(data.numValBatches()).isEqualTo(40);
    }

    @Test
    void everyClassHas6000TrainingAnd1000ValidationImages() {
        int[] train = new int[10];
        for (Batch b : data.trainBatches(0)) {
            for (float label : b.labels().values()) {
                train[(int) label]++;
            }
        }
        int[] val = new int[10];
        for (Batch b : data.valBatches()) {
            for (float label : b.labels().values()) {
                val[(int) label]++;
            }
        }
        int[] sixThousand = new int[10];
        Arrays.fill(sixThousand, 6000);
        int[] oneThousand = new int[10];
        Arrays.fill(oneThousand, 1000);
        assertThat(train).isEqualTo(sixThousand);
        assertThat(val).isEqualTo(oneThousand);
    }

    @Test
    void theFirstBatchIsTheBooks() {
        Batch first = data.trainBatches(0).iterator().next();
        assertThat(first.images().shape()).isEqualTo(Size.of(256, 1, 28, 28));
        assertThat(first.labels().shape()).isEqualTo(Size.of(256));
        float[] pixels = first.images().values();
        float max = 0;
        for (float p : pixels) {
            assertThat(p).isBetween(0f, 1f);
            max = Math.max(max, p);
        }
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void resizedForResNet() {
        FashionMNIST resized = new FashionMNIST(128, 96).limit(1000);
        Batch first = resized.valBatches().iterator().next();
        assertThat(first.images().shape()).isEqualTo(Size.of(128, 1, 96, 96));
        assertThat(resized.numTrainBatches()).isEqualTo(8);
    }
}
