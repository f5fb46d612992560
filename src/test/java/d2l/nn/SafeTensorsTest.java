package d2l.nn;

import static d2l.tensor.Torch.arange;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import d2l.tensor.DType;
import d2l.tensor.Tensor;
import d2l.tensor.Torch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors format byte by byte, round trips, PyTorch's own file, and damaged files. */
class SafeTensorsTest {

    @TempDir
    Path dir;

    /** An 8-byte little-endian header length, the header text, then the data: the format's layout written out by hand. */
    private static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).put(data).array();
    }

    private static final String TINY_HEADER = "{\"__metadata__\":{\"epoch\":\"3\"},"
            + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]}}";

    /**
     * w = [1.0, -2.0] as little-endian floats (0x3f800000, 0xc0000000), n = 7 as a little-endian long.
     * PyTorch reads these bytes as {@code {'w': tensor([ 1., -2.]), 'n': tensor(7)}}
     * ({@code safetensors.torch.load(bytes)}, safetensors 0.8).
     */
    private static final byte[] TINY = file(TINY_HEADER, new byte[] {
        0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0,
        7, 0, 0, 0, 0, 0, 0, 0});

    private static Map<String, Tensor> tiny() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", tensor(1f, -2f));
        tensors.put("n", Tensor.wrap(new float[] {7}, DType.INT64));
        return tensors;
    }

    @Test
    void writesTheHeaderAndDataByteForByte() {
        assertThat(TINY_HEADER.length()).as("a multiple of 8 bytes, so no padding").isEqualTo(136);
        assertThat(SafeTensors.toBytes(tiny(), Map.of("epoch", "3"))).isEqualTo(TINY);
    }

    @Test
    void padsTheHeaderWithSpacesToAMultipleOf8Bytes() {
        byte[] bytes = SafeTensors.toBytes(Map.of("w", Torch.ones(1)), Map.of());

        assertThat(bytes).startsWith(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}  ", new byte[0]));
        assertThat(bytes).hasSize(8 + 56 + 4);
    }

    @Test
    void readsAHandWrittenFile() throws IOException {
        SafeTensors.Contents c = SafeTensors.fromBytes(TINY, "tiny");

        assertThat(c.metadata()).containsExactly(Map.entry("epoch", "3"));
        assertThat(c.tensors()).containsOnlyKeys("w", "n");
        assertThat(c.tensors().get("w").toString()).isEqualTo("tensor([ 1., -2.])");
        assertThat(c.tensors().get("n").toString()).isEqualTo("tensor(7)");
    }

    @Test
    void aSavedFileLoadsBitIdentical() throws IOException {
        Torch.manualSeed(0);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("conv.weight", randn(6, 1, 5, 5));
        tensors.put("tiny", tensor(Float.MIN_VALUE, -0f, Float.MAX_VALUE, Float.NaN));
        tensors.put("flag", tensor(1f, 0f).gt(0));
        tensors.put("empty", Torch.zeros(0, 3));
        Path file = dir.resolve("t.safetensors");

        SafeTensors.save(tensors, Map.of(), file);
        Map<String, Tensor> back = SafeTensors.load(file).tensors();

        assertThat(back).containsOnlyKeys(tensors.keySet());
        tensors.forEach((name, t) -> {
            assertThat(back.get(name).shape()).isEqualTo(t.shape());
            assertThat(back.get(name).dtype()).isEqualTo(t.dtype());
            assertThat(back.get(name).toArray()).as(name).usingElementComparator(
                    (a, b) -> Integer.compare(Float.floatToRawIntBits(a), Float.floatToRawIntBits(b))).containsExactly(t.toArray());
        });
    }

    @Test
    void loadsWhatPyTorchWrote() throws IOException {
        Path file = dir.resolve("torch-written.safetensors");
        try (InputStream in = getClass().getResourceAsStream("torch-written.safetensors")) {
            Files.copy(in, file);
        }
        Module net = new Sequential(new Conv2d(1, 2, 2), new BatchNorm2d(2), new Flatten(), new Linear(8, 2));

        SafeTensors.Contents c = SafeTensors.load(file);
        net.loadStateDict(c.tensors());

        assertThat(c.metadata()).containsEntry("written_by", "safetensors.torch.save_file");
        assertThat(c.tensors().get("1.num_batches_tracked").toString()).isEqualTo("tensor(1)");
        Tensor y = net.eval().forward(arange(9, DType.FLOAT32).reshape(1, 1, 3, 3).div(9));
        assertThat(y.toArray()).containsExactly(new float[] {0.7839458584785461f, -0.35646313428878784f}, within(1e-6f));
    }

    @Test
    void refusesDtypesOtherThanF32AndI64NamingTheTensor() {
        byte[] half = file("{\"net.0.weight\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", new byte[2]);

        assertThatThrownBy(() -> SafeTensors.fromBytes(half, "half.safetensors"))
                .hasMessageStartingWith("half.safetensors: tensor 'net.0.weight' has dtype F16, and this runtime reads only F32");
    }

    @Test
    void aTruncatedFileIsNamed() {
        assertThatThrownBy(() -> SafeTensors.fromBytes(new byte[] {1, 2, 3}, "cut.safetensors"))
                .hasMessage("cut.safetensors is not a readable safetensors file: it has 3 bytes, fewer than the 8 of the "
                        + "header length it starts with (a truncated file?)");
        byte[] cut = java.util.Arrays.copyOf(TINY, TINY.length - 1);
        assertThatThrownBy(() -> SafeTensors.fromBytes(cut, "cut.safetensors"))
                .hasMessage("cut.safetensors is not a readable safetensors file: the data_offsets of 'n' [8, 16] are not a "
                        + "range within its 15 bytes of data (a truncated file?)");
    }

    @Test
    void aHeaderLengthLargerThanTheFileIsNamed() {
        byte[] bytes = TINY.clone();
        bytes[1] = 1;

        assertThatThrownBy(() -> SafeTensors.fromBytes(bytes, "big.safetensors"))
                .hasMessage("big.safetensors is not a readable safetensors file: its header length 392 is larger than the "
                        + "152 bytes after it (a truncated file, or not a safetensors file)");
    }

    @Test
    void overlappingDataIsRefused() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]);

        assertThatThrownBy(() -> SafeTensors.fromBytes(bytes, "o.safetensors"))
                .hasMessage("o.safetensors is not a readable safetensors file: the data of 'a' [0, 8) and of 'b' [4, 8) overlap");
    }

    @Test
    void offsetsThatDisagreeWithTheShapeAreRefused() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);

        assertThatThrownBy(() -> SafeTensors.fromBytes(bytes, "s.safetensors"))
                .hasMessage("s.safetensors is not a readable safetensors file: tensor 'a' of shape [3] and dtype F32 needs 12 "
                        + "bytes, its data_offsets give 8");
    }

    @Test
    void aFileThatIsNotSafetensorsIsNamed() throws IOException {
        Path text = dir.resolve("notes.safetensors");
        Files.writeString(text, "{\"hello\": 1} and more text");

        assertThatThrownBy(() -> SafeTensors.load(text)).hasMessageStartingWith(text + " is not a readable safetensors file");
        assertThatThrownBy(() -> SafeTensors.load(dir.resolve("absent.safetensors"))).hasMessageEndingWith(": no such file");
    }
}
