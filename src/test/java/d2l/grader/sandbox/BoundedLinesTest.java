package d2l.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A flood of output reaches the grader cut to size, and the stream is still read to its end. */
class BoundedLinesTest {

    private final List<String> lines = new ArrayList<>();

    @Test
    void aFiveMegabyteLineArrivesCutToItsFirstThousandBytes() {
        String text = "x".repeat(5_000_000) + "\nnext\n";

        long read = BoundedLines.read(stream(text), 1000, Long.MAX_VALUE, lines::add);

        assertThat(lines).containsExactly("x".repeat(1000) + " … (line cut: 4999000 more bytes)", "next", null);
        assertThat(read).isEqualTo(5_000_006);
    }

    /** The buffer grows with a long line (up to the cap, never allocated whole in advance) and shrinks after it. */
    @Test
    void aLongLineUnderTheCapArrivesWhole() {
        String text = "y".repeat(100_000) + "\nshort\n" + "z".repeat(20_000) + "\n";

        BoundedLines.read(stream(text), 512 << 20, Long.MAX_VALUE, lines::add);

        assertThat(lines).containsExactly("y".repeat(100_000), "short", "z".repeat(20_000), null);
    }

    @Test
    void afterTheTotalCapOnlyANoteArrivesButEverythingIsRead() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append("line ").append(i).append('\n');
        }
        ByteArrayInputStream input = stream(text.toString());

        long read = BoundedLines.read(input, 100, 17, lines::add);

        assertThat(lines).containsExactly("line 0", "line 1", "lin", "… (output cut after 17 bytes)", null);
        assertThat(read).isEqualTo(text.length());
        assertThat(input.available()).isZero();
    }

    @Test
    void theEndIsANullLineAndCarriageReturnsAndUnfinishedLastLinesAreHandled() {
        BoundedLines.read(stream("one\r\ntwo"), 100, 1000, lines::add);

        assertThat(lines).containsExactly("one", "two", null);
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String text = "é".repeat(600) + "\n";

        BoundedLines.read(stream(text), 1001, 10_000, lines::add);

        assertThat(lines.get(0)).isEqualTo("é".repeat(500) + " … (line cut: 200 more bytes)");
    }

    @Test
    void anEmptyStreamIsJustItsEnd() {
        BoundedLines.read(stream(""), 10, 10, lines::add);

        assertThat(lines).containsExactly((String) null);
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
