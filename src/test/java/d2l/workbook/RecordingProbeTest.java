package d2l.workbook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How an exception from the student's code reaches the check that judges it. */
class RecordingProbeTest {

    @Test
    void anOutOfMemoryErrorKeepsItsTypeAndGetsAHint() {
        Observation o = RecordingProbe.thrown("layerSummary", new OutOfMemoryError("Java heap space"), "Sec8_2.java");

        assertThat(ReplayingProbe.rethrow(o)).isInstanceOfSatisfying(StudentException.class, e -> {
            assertThat(e.type()).isEqualTo("OutOfMemoryError");
            assertThat(e.getMessage()).contains("Java heap space", "MiB heap", "pooling layer", "224 x 224");
        });
    }
}
