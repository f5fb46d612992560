package d2l.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the data directory (option, then D2L_DATA, then the cache) and finding files in it. */
class DataDirectoryTest {

    @TempDir
    Path dir;

    private static Function<String, String> environment(Map<String, String> variables) {
        return variables::get;
    }

    @Test
    void anExplicitDirectoryWins() {
        DataDirectory chosen = DataDirectory.resolve(Path.of("/data/option"),
                environment(Map.of("D2L_DATA", "/data/env", "XDG_CACHE_HOME", "/xdg")), "/home/student");
        assertThat(chosen.path()).isEqualTo(Path.of("/data/option"));
        assertThat(chosen.source()).isEqualTo(DataDirectory.Source.OPTION);
        assertThat(chosen.isCache()).isFalse();
    }

    @Test
    void thenTheEnvironmentVariable() {
        DataDirectory chosen = DataDirectory.resolve(null,
                environment(Map.of("D2L_DATA", "/data/env", "XDG_CACHE_HOME", "/xdg")), "/home/student");
        assertThat(chosen.path()).isEqualTo(Path.of("/data/env"));
        assertThat(chosen.source()).isEqualTo(DataDirectory.Source.ENVIRONMENT);
        assertThat(chosen.source()).hasToString("D2L_DATA");
    }

    @Test
    void thenTheXdgCache() {
        DataDirectory chosen = DataDirectory.resolve(null, environment(Map.of("XDG_CACHE_HOME", "/xdg")), "/home/student");
        assertThat(chosen.path()).isEqualTo(Path.of("/xdg/d2l/fashion-mnist"));
        assertThat(chosen.isCache()).isTrue();
    }

    @Test
    void elseTheCacheInTheHomeDirectory() {
        DataDirectory chosen = DataDirectory.resolve(null, environment(Map.of()), "/home/student");
        assertThat(chosen.path()).isEqualTo(Path.of("/home/student/.cache/d2l/fashion-mnist"));
        assertThat(chosen.isCache()).isTrue();
    }

    @Test
    void blankOrRelativeVariablesAreIgnored() {
        DataDirectory chosen = DataDirectory.resolve(null,
                environment(Map.of("D2L_DATA", "  ", "XDG_CACHE_HOME", "relative/cache")), "/home/student");
        assertThat(chosen.path()).isEqualTo(Path.of("/home/student/.cache/d2l/fashion-mnist"));
    }

    @Test
    void findsCompressedThenRawFiles() {
        DataDirectory data = new DataDirectory(dir, DataDirectory.Source.OPTION);
        assertThat(data.find("train-images-idx3-ubyte.gz")).isNull();
        IdxFiles.write(dir, "train-images-idx3-ubyte", new byte[1]);
        assertThat(data.find("train-images-idx3-ubyte.gz")).isEqualTo(dir.resolve("train-images-idx3-ubyte"));
        IdxFiles.write(dir, "train-images-idx3-ubyte.gz", new byte[1]);
        assertThat(data.find("train-images-idx3-ubyte.gz")).isEqualTo(dir.resolve("train-images-idx3-ubyte.gz"));
        assertThat(data.missingFiles()).containsExactly(
                "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    }

    @Test
    @Timeout(10)
    void aFifoGivenAsTheDirectoryIsCalledNotADirectory() {
        Path fifo = Fifo.make(dir, "data");
        DataDirectory data = new DataDirectory(fifo, DataDirectory.Source.OPTION);
        assertThatThrownBy(() -> data.require("train-images-idx3-ubyte.gz"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(fifo + " (which is not a directory), the data directory given by --data:");
    }

    @Test
    @Timeout(10)
    void aFifoInTheDirectoryIsFoundSoThatReadingItRefusesItByName() {
        Path fifo = Fifo.make(dir, "train-images-idx3-ubyte.gz");
        DataDirectory data = new DataDirectory(dir, DataDirectory.Source.OPTION);
        assertThat(data.find("train-images-idx3-ubyte.gz")).isEqualTo(fifo);
        assertThatThrownBy(() -> Idx.readImages(data.require("train-images-idx3-ubyte.gz")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(fifo + ": not a regular file");
    }

    @Test
    void aMissingDirectoryIsNamedInTheMessage() {
        DataDirectory data = new DataDirectory(dir.resolve("typo"), DataDirectory.Source.ENVIRONMENT);
        assertThatThrownBy(() -> data.require("train-images-idx3-ubyte.gz"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("typo") + " (which does not exist), the data directory given by D2L_DATA:"
                        + " none of its files is there.")
                .hasMessageContaining("Put the four files")
                .hasMessageContaining("--data DIR")
                .hasMessageContaining("Or unset D2L_DATA to have them downloaded into");
    }
}
