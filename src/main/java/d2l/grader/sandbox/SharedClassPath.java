package d2l.grader.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime's class path as a sandbox's own user can read it. Under bubblewrap the paths are
 * bound into the sandbox by root, so they serve as they are; without bubblewrap, a grader running
 * as root starts the runner as user {@code 61000 + slot}, which cannot read what only root may
 * (Maven's {@code /root/.m2} among them). Such entries are copied, once per JVM, into a scratch
 * directory every user may read, and the class path names the copies.
 */
final class SharedClassPath {

    private static String shared;

    private SharedClassPath() {}

    /** {@code classPath} itself when {@code sandbox} can read every entry, else the readable copy. */
    static synchronized String of(String classPath, Sandbox sandbox) throws IOException {
        if (!sandbox.othersMustReadHostPaths()) {
            return classPath;
        }
        if (shared != null) {
            return shared;
        }
        List<String> entries = new ArrayList<>();
        Path copies = null;
        int n = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            if (Host.whyOthersCannotRead(path) == null && readableInside(path)) {
                entries.add(path.toString());
                continue;
            }
            if (copies == null) {
                copies = GradingTemp.create("runtime");
            }
            Path copy = copies.resolve(n++ + "-" + path.getFileName());
            copyReadable(path, copy);
            entries.add(copy.toString());
        }
        shared = String.join(File.pathSeparator, entries);
        return shared;
    }

    /** Whether every directory and file under {@code path} lets other users read it. */
    private static boolean readableInside(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return true;
        }
        try (var s = Files.walk(path)) {
            return s.allMatch(p -> Host.whyOthersCannotReadItself(p) == null);
        }
    }

    /** Copies a jar, or a directory of classes, with permissions that let every user read it. */
    private static void copyReadable(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                GradingTemp.createDirectories(target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path target = from.equals(file) ? to : to.resolve(from.relativize(file).toString());
                Files.copy(file, target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
