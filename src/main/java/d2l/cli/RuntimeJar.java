package d2l.cli;

import d2l.grader.AtomicFile;
import d2l.grader.BundledFiles;
import d2l.grader.sandbox.RunnerProcess;
import d2l.workbook.Workbook;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;

/**
 * Writes {@code d2l.jar}, the runtime in one file that {@code java -jar} runs: the classes, every
 * jar they depend on unpacked into it, and the {@link BundledFiles} (visible grader, exercise stubs).
 * It is made from the running runtime's own class path rather than by a Maven plugin, so that
 * {@code d2l jar}, {@code d2l release} and tests can make it from a working copy without the
 * {@code package} phase; run from {@code d2l.jar} itself, it copies that jar.
 *
 * <p>Of the dependencies' {@code META-INF}, service files are merged, and signatures and
 * manifests dropped (a signature no longer matches a merged jar, and the jar has one manifest);
 * for any other name that two jars share the first one wins.
 */
final class RuntimeJar {

    /** What was written. */
    record Summary(Path file, long bytes, int dependencies, int bundledFiles, boolean copied) {}

    private static final String SERVICES = "META-INF/services/";

    private RuntimeJar() {}

    /** Writes the jar to {@code out}, replacing it. */
    static Summary write(Path out) throws IOException {
        Path runtime = Workbook.runtimeLocation();
        if (runtime != null && Files.isRegularFile(runtime)) {
            AtomicFile.write(out, stream -> Files.copy(runtime, stream));
            readableByAll(out);
            return new Summary(out, Files.size(out), 0, 0, true);
        }
        List<Path> classPath = new ArrayList<>();
        for (String entry : RunnerProcess.runtimeClassPath().split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                classPath.add(Path.of(entry));
            }
        }
        if (classPath.isEmpty() || !Files.isDirectory(classPath.get(0))) {
            throw new IllegalStateException("the runtime's classes are not a directory (" + classPath + "), so no jar can be made from them");
        }
        Map<String, byte[]> bundled = BundledFiles.of(Workbook.projectRoot());
        AtomicFile.write(out, stream -> writeJar(stream, classPath, bundled));
        readableByAll(out);
        return new Summary(out, Files.size(out), classPath.size() - 1, bundled.size() - 1, false);
    }

    /** A jar like any other ({@code rw-r--r--}), not the private temporary file it was written as: a sandbox's user runs it. */
    private static void readableByAll(Path jar) throws IOException {
        if (Files.getFileStore(jar).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static void writeJar(OutputStream stream, List<Path> classPath, Map<String, byte[]> bundled) throws IOException {
        Set<String> written = new HashSet<>();
        Map<String, ByteArrayOutputStream> services = new LinkedHashMap<>();
        boolean multiRelease = false;
        for (Path jar : classPath.subList(1, classPath.size())) {
            try (JarFile f = new JarFile(jar.toFile())) {
                multiRelease |= f.isMultiRelease();
            }
        }
        try (JarOutputStream out = new JarOutputStream(stream, manifest(multiRelease))) {
            out.setLevel(Deflater.BEST_SPEED);
            written.add(JarFile.MANIFEST_NAME);
            Path classes = classPath.get(0);
            try (Stream<Path> s = Files.walk(classes)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    String name = classes.relativize(p).toString().replace('\\', '/');
                    try (InputStream in = Files.newInputStream(p)) {
                        add(out, name, in, written, services);
                    }
                }
            }
            for (Map.Entry<String, byte[]> e : bundled.entrySet()) {
                add(out, e.getKey(), new ByteArrayInputStream(e.getValue()), written, services);
            }
            for (Path jar : classPath.subList(1, classPath.size())) {
                try (JarFile f = new JarFile(jar.toFile(), false)) {
                    Enumeration<JarEntry> entries = f.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry e = entries.nextElement();
                        if (!e.isDirectory()) {
                            try (InputStream in = f.getInputStream(e)) {
                                add(out, e.getName(), in, written, services);
                            }
                        }
                    }
                }
            }
            for (Map.Entry<String, ByteArrayOutputStream> e : services.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                e.getValue().writeTo(out);
                out.closeEntry();
            }
        }
    }

    private static void add(JarOutputStream out, String name, InputStream in, Set<String> written,
                            Map<String, ByteArrayOutputStream> services) throws IOException {
        if (dropped(name)) {
            return;
        }
        if (name.startsWith(SERVICES) && name.length() > SERVICES.length()) {
            ByteArrayOutputStream merged = services.computeIfAbsent(name, k -> new ByteArrayOutputStream());
            byte[] bytes = in.readAllBytes();
            merged.write(bytes);
            if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
                merged.write('\n');
            }
            return;
        }
        if (written.add(name)) {
            out.putNextEntry(new ZipEntry(name));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    /** Signatures, other jars' manifests and indexes, and module descriptors (the jar runs on the class path). */
    private static boolean dropped(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.startsWith("META-INF/") && upper.indexOf('/', "META-INF/".length()) < 0) {
            return upper.equals("META-INF/MANIFEST.MF") || upper.equals("META-INF/INDEX.LIST") || upper.endsWith(".SF")
                    || upper.endsWith(".DSA") || upper.endsWith(".RSA") || upper.endsWith(".EC") || upper.startsWith("META-INF/SIG-");
        }
        return name.equals("module-info.class") || (name.startsWith("META-INF/versions/") && name.endsWith("/module-info.class"));
    }

    private static Manifest manifest(boolean multiRelease) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        a.put(Attributes.Name.IMPLEMENTATION_TITLE, "d2l");
        a.put(Attributes.Name.IMPLEMENTATION_VERSION, Main.version());
        if (multiRelease) {
            a.put(Attributes.Name.MULTI_RELEASE, "true");
        }
        return m;
    }
}
