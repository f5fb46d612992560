package d2l.nn;

import d2l.json.Json;
import d2l.json.JsonParser;
import d2l.tensor.DType;
import d2l.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format, the one {@code safetensors.torch.save_file} and
 * {@code load_file} use, so weights move between this runtime and PyTorch. A file is an 8-byte
 * little-endian header length N, N bytes of JSON header
 * {@code {"name": {"dtype": "F32", "shape": [6, 1, 5, 5], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {"key": "value"}}}, then the tensors' raw little-endian bytes, each at
 * {@code 8 + N + begin}. As safetensors' own writer does, the header is padded with spaces to a
 * multiple of 8 bytes. Tensors are F32 (FLOAT32), I64 (INT64, such as batch norm's
 * {@code num_batches_tracked}) or BOOL; a file with another dtype is refused, naming the tensor.
 */
public final class SafeTensors {

    /** The largest header read, as safetensors' own reader limits it (100 MB). */
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {}

    /** What a file holds: its tensors in header order and its {@code __metadata__} strings. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /**
     * Writes {@code tensors} and {@code metadata} to {@code file}, PyTorch's
     * {@code save_file(tensors, file, metadata)}; the file is written beside and then moved into place,
     * so an interrupted save leaves the previous file whole.
     */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.write(temp, toBytes(tensors, metadata));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The bytes of a safetensors file holding {@code tensors} (in their map order) and {@code metadata}. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        StringBuilder header = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            header.append("\"__metadata__\":{");
            String sep = "";
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                header.append(sep).append(Json.string(e.getKey())).append(':').append(Json.string(e.getValue()));
                sep = ",";
            }
            header.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long end = offset + (long) t.numel() * bytesPer(t.dtype());
            header.append(header.length() > 1 ? "," : "").append(Json.string(e.getKey()))
                    .append(":{\"dtype\":\"").append(code(t.dtype())).append("\",\"shape\":[");
            for (int d = 0; d < t.dim(); d++) {
                header.append(d > 0 ? "," : "").append(t.size(d));
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        header.append('}');
        while ((header.length() & 7) != 0) {
            header.append(' ');
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + json.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        for (Tensor t : tensors.values()) {
            float[] values = t.values();
            if (t.dtype() == DType.FLOAT32) {
                out.asFloatBuffer().put(values);
                out.position(out.position() + 4 * values.length);
                continue;
            }
            for (float v : values) {
                if (t.dtype() == DType.INT64) {
                    out.putLong((long) v);
                } else {
                    out.put((byte) (v != 0 ? 1 : 0));
                }
            }
        }
        return out.array();
    }

    /** Reads {@code file}, PyTorch's {@code load_file} with its metadata; a damaged file is an error naming it. */
    public static Contents load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        return fromBytes(Files.readAllBytes(file), file.toString());
    }

    /** Reads the bytes of a safetensors file; {@code source} names it in errors. */
    public static Contents fromBytes(byte[] bytes, String source) throws IOException {
        if (bytes.length < 8) {
            throw bad(source, "it has " + bytes.length + " bytes, fewer than the 8 of the header length it starts with "
                    + "(a truncated file?)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = in.getLong();
        if (headerLength < 0 || headerLength > bytes.length - 8L) {
            throw bad(source, "its header length " + Long.toUnsignedString(headerLength) + " is larger than the "
                    + (bytes.length - 8) + " bytes after it (a truncated file, or not a safetensors file)");
        }
        if (headerLength > MAX_HEADER) {
            throw bad(source, "its header length " + headerLength + " is over the 100 MB limit");
        }
        Map<String, Object> header;
        try {
            header = JsonParser.object(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw bad(source, "its header is not a JSON object: " + e.getMessage());
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = bytes.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                readMetadata(e.getValue(), metadata, source);
            } else {
                entries.add(entry(e.getKey(), e.getValue(), dataLength, source));
            }
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < byOffset.size(); i++) {
            Entry a = byOffset.get(i - 1);
            Entry b = byOffset.get(i);
            if (b.begin() < a.end()) {
                throw bad(source, "the data of '" + a.name() + "' [" + a.begin() + ", " + a.end() + ") and of '" + b.name()
                        + "' [" + b.begin() + ", " + b.end() + ") overlap");
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry entry : entries) {
            tensors.put(entry.name(), entry.read(in, dataStart));
        }
        return new Contents(tensors, metadata);
    }

    private record Entry(String name, DType dtype, int[] shape, long begin, long end) {

        Tensor read(ByteBuffer in, int dataStart) {
            float[] values = new float[(int) ((end - begin) / bytesPer(dtype))];
            int at = dataStart + (int) begin;
            if (dtype == DType.FLOAT32) {
                in.slice(at, 4 * values.length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                return Tensor.wrap(values, dtype, shape);
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = dtype == DType.INT64 ? in.getLong(at + 8 * i) : in.get(at + i) != 0 ? 1 : 0;
            }
            return Tensor.wrap(values, dtype, shape);
        }
    }

    private static void readMetadata(Object value, Map<String, String> into, String source) throws IOException {
        if (!(value instanceof Map<?, ?> map)) {
            throw bad(source, "its __metadata__ is not an object of strings");
        }
        for (Map.Entry<?, ?> m : map.entrySet()) {
            if (!(m.getValue() instanceof String text)) {
                throw bad(source, "its __metadata__ value for '" + m.getKey() + "' is not a string");
            }
            into.put((String) m.getKey(), text);
        }
    }

    private static Entry entry(String name, Object value, long dataLength, String source) throws IOException {
        if (!(value instanceof Map<?, ?> info)) {
            throw bad(source, "the header entry of '" + name + "' is not an object with dtype, shape and data_offsets");
        }
        if (!(info.get("dtype") instanceof String code)) {
            throw bad(source, "tensor '" + name + "' has no dtype");
        }
        DType dtype = switch (code) {
            case "F32" -> DType.FLOAT32;
            case "I64" -> DType.INT64;
            case "BOOL" -> DType.BOOL;
            default -> throw new IOException(source + ": tensor '" + name + "' has dtype " + code + ", and this runtime "
                    + "reads only F32 (and I64, BOOL) tensors; convert it in PyTorch before saving, e.g. "
                    + "{k: v.float() for k, v in state_dict.items()}");
        };
        long[] shape = integers(info.get("shape"), name, "shape", source);
        long[] offsets = integers(info.get("data_offsets"), name, "data_offsets", source);
        if (offsets.length != 2 || offsets[0] > offsets[1] || offsets[1] > dataLength) {
            throw bad(source, "the data_offsets of '" + name + "' " + java.util.Arrays.toString(offsets) + " are not a range "
                    + "within its " + dataLength + " bytes of data (a truncated file?)");
        }
        long numel = 1;
        int[] dims = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > Integer.MAX_VALUE) {
                throw bad(source, "tensor '" + name + "' has dimension " + shape[d] + ", too large");
            }
            dims[d] = (int) shape[d];
            numel *= shape[d];
        }
        if (numel * bytesPer(dtype) != offsets[1] - offsets[0]) {
            throw bad(source, "tensor '" + name + "' of shape " + java.util.Arrays.toString(dims) + " and dtype " + code
                    + " needs " + numel * bytesPer(dtype) + " bytes, its data_offsets give " + (offsets[1] - offsets[0]));
        }
        return new Entry(name, dtype, dims, offsets[0], offsets[1]);
    }

    private static long[] integers(Object value, String name, String field, String source) throws IOException {
        if (!(value instanceof List<?> list)) {
            throw bad(source, "tensor '" + name + "' has no " + field + " list");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Double d) || d < 0 || d != Math.rint(d) || d > 1L << 53) {
                throw bad(source, "tensor '" + name + "' has " + field + " " + list + ", not a list of whole numbers >= 0");
            }
            out[i] = d.longValue();
        }
        return out;
    }

    private static int bytesPer(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> 4;
            case INT64 -> 8;
            case BOOL -> 1;
        };
    }

    private static String code(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case INT64 -> "I64";
            case BOOL -> "BOOL";
        };
    }

    private static IOException bad(String source, String why) {
        return new IOException(source + " is not a readable safetensors file: " + why);
    }
}
