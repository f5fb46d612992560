package d2l.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where the Fashion-MNIST files are, chosen in this order:
 * <ol>
 *   <li>a directory given explicitly (the command line's {@code --data DIR});</li>
 *   <li>the environment variable {@code D2L_DATA} (tests and CI point it at a shared copy);</li>
 *   <li>a per-user cache, {@code $XDG_CACHE_HOME/d2l/fashion-mnist} or
 *       {@code ~/.cache/d2l/fashion-mnist}, which is the only place files are downloaded to.</li>
 * </ol>
 * Each of the four files may be gzip-compressed ({@code train-images-idx3-ubyte.gz}, as they are
 * published) or not ({@code train-images-idx3-ubyte}); the compressed one is used when both exist.
 *
 * @param path   the directory
 * @param source which rule chose it
 */
public record DataDirectory(Path path, Source source) {

    /** The environment variable naming the data directory. */
    public static final String ENVIRONMENT_VARIABLE = "D2L_DATA";

    /** The four files, as published (gzip-compressed). */
    public static final List<String> FILE_NAMES = List.of(
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    /** Which rule chose the directory. */
    public enum Source {
        OPTION("--data"),
        ENVIRONMENT(ENVIRONMENT_VARIABLE),
        CACHE("the per-user cache");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** The directory to use: {@code explicit} unless it is null, else from the environment, else the cache. */
    public static DataDirectory resolve(Path explicit) {
        return resolve(explicit, System::getenv, System.getProperty("user.home"));
    }

    /** {@link #resolve(Path)} with the environment and home directory given, so tests can vary them. */
    static DataDirectory resolve(Path explicit, Function<String, String> environment, String userHome) {
        if (explicit != null) {
            return new DataDirectory(explicit, Source.OPTION);
        }
        String fromEnvironment = environment.apply(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new DataDirectory(Path.of(fromEnvironment.strip()), Source.ENVIRONMENT);
        }
        return new DataDirectory(cache(environment, userHome), Source.CACHE);
    }

    /**
     * The per-user cache: {@code $XDG_CACHE_HOME/d2l/fashion-mnist} when that variable holds an
     * absolute path (the XDG rule: relative ones are ignored), else {@code ~/.cache/d2l/fashion-mnist}.
     */
    static Path cache(Function<String, String> environment, String userHome) {
        String xdg = environment.apply("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(userHome, ".cache");
        return base.resolve("d2l").resolve("fashion-mnist");
    }

    /** True for the cache, the one place files may be downloaded to. */
    public boolean isCache() {
        return source == Source.CACHE;
    }

    /**
     * The file for {@code fileName} (one of {@link #FILE_NAMES}): the gzip file if it exists, else
     * the same name without {@code .gz}, else null. A FIFO or device of that name counts as the file,
     * so that reading it ({@link Idx}) refuses it by name instead of calling it missing.
     */
    public Path find(String fileName) {
        Path gzip = path.resolve(fileName);
        if (isFile(gzip)) {
            return gzip;
        }
        Path raw = path.resolve(withoutGz(fileName));
        return isFile(raw) ? raw : null;
    }

    private static boolean isFile(Path file) {
        return Files.exists(file) && !Files.isDirectory(file);
    }

    /** Like {@link #find} but fails, explaining where to put the files, when the file is missing. */
    public Path require(String fileName) {
        Path file = find(fileName);
        if (file == null) {
            throw new DataException(missingMessage());
        }
        return file;
    }

    /** The files of {@link #FILE_NAMES} found neither compressed nor raw. */
    public List<String> missingFiles() {
        List<String> missing = new ArrayList<>();
        for (String name : FILE_NAMES) {
            if (find(name) == null) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** What is missing, and the ways to provide it. */
    String missingMessage() {
        String where = Files.isDirectory(path) ? path.toString()
                : Files.exists(path) ? path + " (which is not a directory)" : path + " (which does not exist)";
        List<String> missing = missingFiles();
        String what = missing.size() == FILE_NAMES.size() ? "none of its files is there"
                : "missing " + String.join(", ", missing);
        String message = "Fashion-MNIST not found in " + where + ", the data directory given by " + source + ": "
                + what + ". " + howToProvide(path);
        if (source == Source.ENVIRONMENT) {
            message += " Or unset " + ENVIRONMENT_VARIABLE + " to have them downloaded into "
                    + cache(System::getenv, System.getProperty("user.home")) + ".";
        }
        return message;
    }

    /** The instructions every "files not found" message ends with. */
    static String howToProvide(Path directory) {
        return "Put the four files " + String.join(", ", FILE_NAMES) + " (gzip-compressed or not) in " + directory
                + ", or pass --data DIR or set " + ENVIRONMENT_VARIABLE + "=DIR for a directory that has them.";
    }

    private static String withoutGz(String fileName) {
        return fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
    }
}
