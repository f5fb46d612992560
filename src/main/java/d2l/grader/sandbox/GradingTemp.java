package d2l.grader.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The grader's scratch directories, {@code <java.io.tmpdir>/d2l-grade-<pid>-<prefix>-<random>},
 * each with an {@code .owner} file naming the JVM that made it (its pid and start instant), so that
 * a later run can {@link #removeStale remove} what a killed grader left behind. The directory is
 * {@code rwx--x--x}: a sandbox's own user may pass through it to its work directory but not list it.
 *
 * <p>Everything here deletes without following symbolic links: a submission may leave links to
 * anywhere, and deleting one removes the link, never its target.
 */
public final class GradingTemp {

    static final String NAME_PREFIX = "d2l-grade-";
    static final String OWNER_FILE = ".owner";

    /**
     * The names {@link #create} gives, {@code d2l-grade-<pid>-...}: only those are scratch
     * directories. Others with the prefix are not, above all {@link Slot}'s {@code d2l-grade-slots},
     * whose lock files are in use while any grader runs.
     */
    private static final Pattern SCRATCH_NAME = Pattern.compile(Pattern.quote(NAME_PREFIX) + "\\d+-.*");

    /** How old a directory without a readable {@code .owner} must be before it counts as abandoned. */
    private static final Duration ORPHAN_AGE = Duration.ofMinutes(10);

    private static final SecureRandom RANDOM = new SecureRandom();

    private GradingTemp() {}

    /** A fresh scratch directory owned by this JVM; {@code prefix} (letters, digits, '-', '_') tells its use. */
    public static Path create(String prefix) throws IOException {
        if (prefix == null || !prefix.matches("[A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException(
                    "scratch directory prefix '" + prefix + "' may hold only letters, digits, '-' and '_'");
        }
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String name = NAME_PREFIX + ProcessHandle.current().pid() + "-"
                + (prefix.isEmpty() ? "" : prefix + "-") + HexFormat.of().formatHex(random);
        Path directory = Files.createDirectory(temporaryDirectory().resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path owner = directory.resolve(OWNER_FILE);
        Files.writeString(owner, ownerText(ProcessHandle.current()), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(owner, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx--x--x"));
        if (!Leftovers.ofThisJvm().add(directory.toAbsolutePath().normalize())) {
            delete(directory);
            throw new IOException("the grader is stopping: no new scratch directory");
        }
        return directory;
    }

    /**
     * Makes {@code directory} inside a scratch directory, with any folders missing above it, as
     * {@link Files#createDirectories} does, unless the grader is stopping: then its shutdown hook
     * is deleting the scratch directories, and nothing may be made in them again.
     *
     * @throws IOException when the grader is stopping, or the directory cannot be made
     */
    public static Path createDirectories(Path directory) throws IOException {
        return Leftovers.ofThisJvm().createDirectories(directory);
    }

    /**
     * Deletes every {@code d2l-grade-<pid>-*} directory of this user in {@code java.io.tmpdir} whose
     * owner no longer runs: its pid is gone, or now names a process that started at another
     * instant. A directory without a readable {@code .owner} goes once it is 10 minutes old (it may
     * be in the middle of being created). Returns how many were deleted.
     */
    public static int removeStale() throws IOException {
        int removed = 0;
        int me = Host.userId();
        for (Path directory : Host.entriesStartingWith(temporaryDirectory(), NAME_PREFIX)) {
            if (!SCRATCH_NAME.matcher(directory.getFileName().toString()).matches()) {
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!attributes.isDirectory()
                        || (Integer) Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS) != me) {
                    continue;
                }
            } catch (NoSuchFileException e) {
                continue;
            }
            if (isStale(directory, attributes.lastModifiedTime())) {
                delete(directory);
                removed++;
            }
        }
        return removed;
    }

    /**
     * Deletes {@code path} and, if it is a directory (not a link to one), everything in it, never
     * following a symbolic link; directories a submission made unreadable are opened up first.
     * Nothing happens if it does not exist.
     */
    public static void delete(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Leftovers.ofThisJvm().remove(absolute);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!attributes.isDirectory() || absolute.getParent() == null) {
            Files.delete(absolute);
            return;
        }
        try (DirectoryStream<Path> parent = Files.newDirectoryStream(absolute.getParent())) {
            if (parent instanceof SecureDirectoryStream<Path> secure) {
                deleteEntry(secure, absolute.getParent(), absolute.getFileName());
                return;
            }
        }
        deleteByWalking(absolute);
    }

    static String ownerText(ProcessHandle process) {
        return "pid=" + process.pid() + "\nstart=" + process.info().startInstant().map(Instant::toString).orElse("")
                + "\n";
    }

    private static boolean isStale(Path directory, FileTime modified) {
        Properties owner = new Properties();
        Path file = directory.resolve(OWNER_FILE);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 4096) {
                return isOld(modified);
            }
            try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                owner.load(reader);
            }
            long pid = Long.parseLong(owner.getProperty("pid", "").strip());
            String start = owner.getProperty("start", "").strip();
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || !ProcessTree.anyAlive(pid)) {
                return true;
            }
            Optional<Instant> started = process.get().info().startInstant();
            return !start.isEmpty() && started.isPresent() && !started.get().toString().equals(start);
        } catch (IOException | RuntimeException e) {
            return isOld(modified);
        }
    }

    private static boolean isOld(FileTime modified) {
        return modified.toInstant().isBefore(Instant.now().minus(ORPHAN_AGE));
    }

    /** Deletes the entry {@code name} of {@code parent}, the open directory at {@code parentPath}. */
    private static void deleteEntry(SecureDirectoryStream<Path> parent, Path parentPath, Path name)
            throws IOException {
        BasicFileAttributes attributes = parent
                .getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
        if (!attributes.isDirectory()) {
            parent.deleteFile(name);
            return;
        }
        Path path = parentPath.resolve(name);
        List<Path> names = new ArrayList<>();
        try (SecureDirectoryStream<Path> directory = open(parent, path, name)) {
            for (Path entry : directory) {
                names.add(entry.getFileName());
            }
            for (Path entry : names) {
                deleteEntry(directory, path, entry);
            }
        }
        parent.deleteDirectory(name);
    }

    /**
     * Opens the directory {@code name} of {@code parent} without following a link. One its owner
     * made unreadable is made {@code rwx------} first; that happens only to a grader that is not
     * root, and so only to directories the submission could change as it liked anyway.
     */
    private static SecureDirectoryStream<Path> open(SecureDirectoryStream<Path> parent, Path path, Path name)
            throws IOException {
        try {
            return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static void deleteByWalking(Path directory) throws IOException {
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path visited, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(visited);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static Path temporaryDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    }
}
