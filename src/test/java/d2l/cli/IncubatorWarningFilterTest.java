package d2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The child JVM's standard error, less the Vector API's start-up warning, relayed as it comes. */
class IncubatorWarningFilterTest {

    private final ByteArrayOutputStream shown = new ByteArrayOutputStream();
    private final IncubatorWarningFilter filter = new IncubatorWarningFilter(shown);

    @Test
    void dropsTheWarningLineAndKeepsTheOthers() throws IOException {
        write("WARNING: Using incubator modules: jdk.incubator.vector\nd2l: no such workbook directory: x\n");

        assertThat(shown()).isEqualTo("d2l: no such workbook directory: x\n");
    }

    @Test
    void dropsItInPiecesAndWithWindowsLineEnds() throws IOException {
        write("WARNING: Using incu");
        assertThat(shown()).isEmpty();
        write("bator modules: jdk.incubator.vector\r\nnext\r\n");

        assertThat(shown()).isEqualTo("next\r\n");
    }

    @Test
    void otherWarningsPassOnceTheyDifferFromIt() throws IOException {
        write("WARNING: Us");
        assertThat(shown()).isEmpty();
        write("ed up 2 GB\n  WARNING: Using incubator modules\n");

        assertThat(shown()).isEqualTo("WARNING: Used up 2 GB\n  WARNING: Using incubator modules\n");
    }

    @Test
    void aProgressBarShowsAsItIsDrawn() throws IOException {
        write("epoch 1  10%");
        assertThat(shown()).isEqualTo("epoch 1  10%");
        write("\repoch 1  20%");

        assertThat(shown()).isEqualTo("epoch 1  10%\repoch 1  20%");
    }

    @Test
    void whatALineHeldBackIsWrittenAtTheEnd() throws IOException {
        write("WARN");
        filter.close();

        assertThat(shown()).isEqualTo("WARN");
    }

    private void write(String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        filter.write(bytes, 0, bytes.length);
    }

    private String shown() {
        return shown.toString(StandardCharsets.UTF_8);
    }
}
