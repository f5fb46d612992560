package d2l.workbook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How an exception from the student's code reaches the check that judges it. */
class RecordingProbeTest {

    /** The message a check shows for an OutOfMemoryError thrown in {@code className}, called from Sec8_2.java. */
    private static String outOfMemoryAt(String className, String fileName) {
        OutOfMemoryError e = new OutOfMemoryError("Java heap space");
        e.setStackTrace(new StackTraceElement[] {new StackTraceElement(className, "run", fileName, 10),
                new StackTraceElement("Sec8_2", "vggBlock", "Sec8_2.java", 50)});
        RuntimeException thrown = ReplayingProbe.rethrow(RecordingProbe.thrown("layerSummary", e, "Sec8_2.java"));
        assertThat(thrown).isInstanceOfSatisfying(StudentException.class, s -> assertThat(s.type()).isEqualTo("OutOfMemoryError"));
        return thrown.getMessage();
    }

    @Test
    void anOutOfMemoryErrorInATensorOperationGetsAHint() {
        assertThat(outOfMemoryAt("d2l.tensor.Arithmetic", "Arithmetic.java"))
                .contains("Java heap space", "MiB heap", "pooling layer", "224 x 224", "at Sec8_2.java:50");
    }

    @Test
    void anOutOfMemoryErrorInTheStudentsOwnCodeDoesNot() {
        assertThat(outOfMemoryAt("Sec8_2", "Sec8_2.java")).doesNotContain("pooling");
    }
}
