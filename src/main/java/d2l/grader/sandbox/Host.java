package d2l.grader.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** What the sandbox needs to know about the machine it runs on: who we are, where the tools are. */
final class Host {

    private Host() {}

    /** The real user id of this JVM (the owner of {@code /proc/self}). */
    static int userId() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot tell this process's user id from /proc/self", e);
        }
    }

    /** True when this JVM runs as root, whose processes {@code RLIMIT_NPROC} does not limit. */
    static boolean isRoot() {
        return userId() == 0;
    }

    /** The executable called {@code name} on this JVM's {@code PATH} or in the usual system directories. */
    static Optional<Path> executable(String name) {
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        for (String directory : directories) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * Why a user with no claim on {@code path} (neither its owner nor in its group, as the
     * sandbox's own user id is) cannot read it, or null when it can: every directory above it must
     * let others search it, and the path itself must let others read it (and search it, if a
     * directory). ACLs are not consulted.
     */
    static String whyOthersCannotRead(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        String blocked = whyOthersCannotReach(absolute);
        return blocked != null ? blocked : whyOthersCannotReadItself(absolute);
    }

    /**
     * Why a user with no claim on {@code path} cannot read it once it is in reach (as a sandbox
     * sees a path bound at its own place), or null when it can; the directories above are not
     * looked at.
     */
    static String whyOthersCannotReadItself(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            Path real = absolute.toRealPath();
            Set<PosixFilePermission> permissions = permissions(real);
            boolean directory = Files.isDirectory(real);
            if (!permissions.contains(PosixFilePermission.OTHERS_READ)
                    || directory && !permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return real + " is not readable by other users (" + mode(real) + ")";
            }
            return null;
        } catch (IOException e) {
            return "cannot inspect " + absolute + ": " + e;
        }
    }

    /**
     * Why a user with no claim on the directories above {@code path} cannot get to it (one of them
     * does not let others search it), or null when it can.
     */
    static String whyOthersCannotReach(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            for (Path above = absolute.getParent(); above != null; above = above.getParent()) {
                Path real = above.toRealPath();
                if (!permissions(real).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return real + " does not let other users pass (" + mode(real) + ")";
                }
            }
            return null;
        } catch (IOException e) {
            return "cannot inspect " + absolute + ": " + e;
        }
    }

    /**
     * How many tasks (processes and threads, what {@code RLIMIT_NPROC} counts) user {@code userId}
     * runs now.
     */
    static int tasksOf(int userId) {
        int tasks = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                if (statusNumber(entry, "Uid:") == userId) {
                    tasks += Math.max(0, statusNumber(entry, "Threads:"));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return tasks;
    }

    /**
     * The first number on the line of {@code /proc/<pid>/status} that starts with {@code key}
     * (for {@code Uid:}, the real user id), or -1 when the process is gone.
     */
    static int statusNumber(Path processDirectory, String key) {
        try {
            for (String line : Files.readAllLines(processDirectory.resolve("status"))) {
                if (line.startsWith(key)) {
                    return Integer.parseInt(line.substring(key.length()).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // it ended while we looked
        }
        return -1;
    }

    /** The first line of a process's error output, or a stand-in when it wrote nothing. */
    static String firstLine(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst()
                .orElse("(no error output)");
    }

    /** Why the kernel will not let an unprivileged user create a user namespace, or "" if it seems to. */
    static String userNamespaceHint() {
        List<String> hints = new ArrayList<>();
        if ("0".equals(read("/proc/sys/user/max_user_namespaces"))) {
            hints.add("user namespaces are disabled (/proc/sys/user/max_user_namespaces is 0)");
        }
        if ("0".equals(read("/proc/sys/kernel/unprivileged_userns_clone"))) {
            hints.add("unprivileged user namespaces are disabled (sysctl kernel.unprivileged_userns_clone=0)");
        }
        if ("1".equals(read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"))) {
            hints.add("AppArmor restricts unprivileged user namespaces"
                    + " (sysctl kernel.apparmor_restrict_unprivileged_userns=1)");
        }
        if (Files.exists(Path.of("/.dockerenv"))) {
            hints.add("this is a Docker container, whose default seccomp profile forbids new user namespaces"
                    + " (run it with --security-opt seccomp=unconfined, or grade with --sandbox auto)");
        }
        return String.join("; ", hints);
    }

    /** Names of the entries of {@code directory} that start with {@code prefix}, sorted; none if it cannot be listed. */
    static List<Path> entriesStartingWith(Path directory, String prefix) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Set<PosixFilePermission> permissions(Path path) throws IOException {
        return Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(permissions(path));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
