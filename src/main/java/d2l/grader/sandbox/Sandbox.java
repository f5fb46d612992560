package d2l.grader.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OS sandbox the grader starts a submission's child JVM in: {@link #detect} finds out once
 * per JVM whether bubblewrap works here, and {@link #wrap} turns the child's command into the
 * command line that starts it sandboxed.
 *
 * <p>When the grader runs as root (CI, Gradescope), the sandboxed command runs as user
 * {@code 61000 + slot} instead: {@code RLIMIT_NPROC} does not hold root back, and concurrent
 * sandboxes then neither share a process count nor can signal each other. bubblewrap itself then
 * runs as root (it can bind paths below directories only root may enter, such as Maven's
 * {@code /root/.m2}) and drops to that user inside, just before the command; {@link #wrap} gives the
 * work directory to that user. When the grader is not root, bubblewrap makes a user namespace and
 * the command keeps the grader's user.
 */
public final class Sandbox {

    /** The user id of slot 0 when the grader runs as root; slot {@code n} runs as {@code FIRST_USER_ID + n}. */
    public static final int FIRST_USER_ID = 61000;

    /** How many slots there are: 0 to {@code SLOTS - 1}. */
    public static final int SLOTS = 1000;

    /** What probing each bubblewrap binary found: "" when it works, else why not. */
    private static final Map<Path, String> PROBES = new ConcurrentHashMap<>();

    /** The directories a JDK and a shell need, bound read-only (or recreated as the links they are). */
    private static final List<String> SYSTEM_DIRECTORIES =
            List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

    /**
     * The files of /etc that a JVM reads: the dynamic linker's cache, the alternatives links
     * ({@code /usr/bin/java}), the time zone, user names, fonts; plus every {@code /etc/java*}
     * (the JDK's {@code conf}). Not /etc as a whole: no shadow files, no host keys, no credentials.
     */
    private static final List<String> ETC_FILES = List.of("ld.so.cache", "ld.so.conf", "ld.so.conf.d",
            "alternatives", "localtime", "timezone", "passwd", "group", "nsswitch.conf", "fonts");

    private final Isolation isolation;
    private final String why;
    private final Path bubblewrap;
    private final boolean switchUser;

    Sandbox(Isolation isolation, String why, Path bubblewrap) {
        this.isolation = isolation;
        this.why = why;
        this.bubblewrap = bubblewrap;
        this.switchUser = Host.isRoot();
    }

    /**
     * The sandbox {@code mode} asks for, with bubblewrap from this JVM's {@code PATH} (or
     * {@code /usr/bin/bwrap}).
     *
     * @throws SandboxUnavailableException when {@code mode} is {@link SandboxMode#REQUIRED} and
     *                                     bubblewrap does not work here
     */
    public static Sandbox detect(SandboxMode mode) {
        return detect(mode, Host.executable("bwrap").orElse(Path.of("/usr/bin/bwrap")));
    }

    /**
     * The sandbox {@code mode} asks for, with the bubblewrap binary at {@code bubblewrap}: for
     * {@link SandboxMode#AUTO} and {@link SandboxMode#REQUIRED}, this runs {@code true} once under
     * the full wrapper (the answer is kept for the life of this JVM) and uses bubblewrap if that
     * worked; otherwise {@code AUTO} falls back to process isolation and {@code REQUIRED} throws.
     */
    public static Sandbox detect(SandboxMode mode, Path bubblewrap) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(bubblewrap, "bubblewrap");
        if (mode == SandboxMode.OFF) {
            return new Sandbox(Isolation.PROCESS, "--sandbox off" + missingTools(), null);
        }
        Path key = bubblewrap.toAbsolutePath().normalize();
        String failure = PROBES.computeIfAbsent(key, BubblewrapProbe::run);
        if (Thread.currentThread().isInterrupted()) {
            PROBES.remove(key);
        }
        if (failure.isEmpty()) {
            return new Sandbox(Isolation.BUBBLEWRAP, "", key);
        }
        if (mode == SandboxMode.REQUIRED) {
            throw new SandboxUnavailableException(failure);
        }
        return new Sandbox(Isolation.PROCESS, failure + missingTools(), null);
    }

    /** How the submission is kept apart. */
    public Isolation isolation() {
        return isolation;
    }

    /** Why there is no bubblewrap sandbox (what failed, and the fix); empty when there is one. */
    public String why() {
        return why;
    }

    /**
     * Whether the sandboxed command reads host paths as another user than the grader's: without
     * bubblewrap (which binds them as root), when the grader is root and so runs the command as
     * user {@code 61000 + slot}.
     */
    public boolean othersMustReadHostPaths() {
        return switchUser && isolation == Isolation.PROCESS;
    }

    /** The user id the command of {@code slot} runs as, when it is not the grader's own (the grader is root). */
    public OptionalInt userId(int slot) {
        checkSlot(slot);
        return switchUser ? OptionalInt.of(FIRST_USER_ID + slot) : OptionalInt.empty();
    }

    /**
     * Makes {@code workDir} if it does not exist, and checks that it is a directory, not a link to
     * one. The folder above it must exist, and the grader must not be stopping: then it has
     * deleted its scratch folders, and must not make them again. Call it before {@link #wrap}, which, when the grader is
     * root, gives the directory and everything in it to the sandbox's user.
     */
    public static void prepareWorkDir(Path workDir) throws IOException {
        Path directory = workDir.toAbsolutePath().normalize();
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(directory.getParent(), LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("cannot make the work directory " + directory + ": the folder above it is gone");
            }
            GradingTemp.createDirectories(directory);
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("work directory " + directory + " is a link, not a directory");
        }
    }

    /**
     * The command line that runs {@code spec.command()} sandboxed, to hand to a
     * {@link ProcessBuilder} as it is. When the grader is root it first gives {@code spec.workDir()}
     * and everything in it to user {@code U = 61000 + slot} (links themselves, never their targets)
     * and makes it {@code rwx------}. With {@link Isolation#BUBBLEWRAP} the line is:
     * <ul>
     *   <li>{@code bwrap}, with
     *     <ul>
     *       <li>{@code --unshare-user} (only when the grader is not root): a user namespace, which
     *           lets an ordinary user make the others, and in which the process limit counts this
     *           sandbox's processes alone;</li>
     *       <li>{@code --unshare-pid}: a PID namespace: the command sees only its own processes, and
     *           every one of them (a {@code setsid} daemon too) dies when the command ends;</li>
     *       <li>{@code --unshare-net}: a network namespace with only a loopback that is down: no
     *           connection anywhere, the grader's own ports included;</li>
     *       <li>{@code --unshare-ipc}: its own System V IPC and POSIX message queues;</li>
     *       <li>{@code --unshare-uts}: its own host name, which it cannot change for the machine;</li>
     *       <li>{@code --unshare-cgroup-try}: its own view of the cgroup tree, where the kernel allows;</li>
     *       <li>{@code --die-with-parent}: killed when the process that started it (the grader) dies;</li>
     *       <li>{@code --new-session}: a new session, so it cannot type into the grader's terminal
     *           ({@code TIOCSTI});</li>
     *       <li>{@code --cap-drop ALL --cap-add CAP_SETUID --cap-add CAP_SETGID} (only as root): of
     *           root's powers, keep only what {@code setpriv} needs to become {@code U};</li>
     *       <li>{@code --clearenv} and {@code --setenv}: only {@code HOME} (the work directory),
     *           {@code PATH=/usr/bin:/bin}, {@code LANG=C.UTF-8} and {@code spec.environment()},
     *           which may override those three;</li>
     *       <li>{@code --ro-bind} of /usr and the other system directories ({@code --symlink} where
     *           they are links, as /bin is to usr/bin on Debian), of the few files of /etc a JVM
     *           reads, of the JDK's real home and of each {@code spec.readOnly()} path, all at
     *           their own paths, and {@code --perms 0755 --dir} for the directories above them:
     *           nothing else of the host's files is there;</li>
     *       <li>{@code --proc /proc}, {@code --dev /dev}, {@code --perms 1777 --tmpfs /tmp}: a /proc
     *           of the new PID namespace, the harmless devices, a private empty /tmp;</li>
     *       <li>{@code --bind} of the work directory, read-write, and {@code --chdir} into it (as
     *           root, {@code env -C workDir -- PWD=workDir} does that after {@code setpriv}: the
     *           work directory is {@code U}'s alone, and bubblewrap has no power left to enter it);</li>
     *     </ul></li>
     *   <li>{@code setpriv --reuid=U --regid=U --clear-groups --no-new-privs --} (only as root):
     *       become {@code U}, which owns no file but the work directory and which
     *       {@code RLIMIT_NPROC} limits, in no group, never gaining privileges from a setuid file;</li>
     *   <li>{@code prlimit --as --nproc --nofile --fsize --core=0 --cpu --}: the {@link Limits}, and
     *       no core dumps.</li>
     * </ul>
     * With {@link Isolation#PROCESS} it is {@code setpriv} (as root), {@code setsid --wait} (a new
     * session), {@code env -i -C workDir -- PWD=workDir NAME=VALUE...} (the same environment, and
     * the work directory as current directory), then {@code prlimit}; when the grader is not root, the
     * process limit is added to the user's current task count, since without a user namespace the
     * kernel counts all of them. If {@code spec.command()} starts with a JDK's {@code bin/java},
     * it is replaced by that binary's real path, whose JDK home is bound read-only.
     *
     * @throws IllegalArgumentException if a path does not exist or, when the grader is root, the
     *                                  sandbox's user could not read it
     * @throws IOException              if the work directory could not be given to the sandbox's user
     */
    public List<String> wrap(Spec spec) throws IOException {
        Objects.requireNonNull(spec, "spec");
        List<String> command = new ArrayList<>(spec.command());
        Optional<Path> jdk = jdkHome(command.get(0));
        jdk.ifPresent(home -> command.set(0, home.resolve("bin").resolve("java").toString()));
        checkPaths(spec, jdk);
        if (switchUser) {
            giveTo(spec.workDir(), FIRST_USER_ID + spec.slot());
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("HOME", spec.workDir().toString());
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("LANG", "C.UTF-8");
        environment.putAll(spec.environment());

        List<String> line = new ArrayList<>();
        if (isolation == Isolation.BUBBLEWRAP) {
            line.addAll(bubblewrapArguments(spec, jdk, environment));
            if (switchUser) {
                line.addAll(becomeUser(spec.slot()));
                line.addAll(List.of(tool("env"), "-C", spec.workDir().toString(), "--", "PWD=" + spec.workDir()));
            }
            line.addAll(limits(spec.limits()));
        } else {
            if (switchUser) {
                line.addAll(becomeUser(spec.slot()));
            }
            Host.executable("setsid").ifPresent(setsid -> line.addAll(List.of(setsid.toString(), "--wait")));
            line.addAll(List.of(tool("env"), "-i", "-C", spec.workDir().toString(), "--", "PWD=" + spec.workDir()));
            environment.forEach((name, value) -> line.add(name + "=" + value));
            if (Host.executable("prlimit").isPresent()) {
                line.addAll(limits(switchUser ? spec.limits()
                        : spec.limits().withProcesses(spec.limits().processes() + Host.tasksOf(Host.userId()))));
            }
        }
        line.addAll(command);
        return List.copyOf(line);
    }

    /**
     * Kills every process left running as the sandboxed user of {@code slot} (when the grader is
     * root; otherwise there is no user that is the sandbox's alone, and this does nothing) and
     * returns how many there were. Call it once the sandboxed command has ended: under
     * {@link Isolation#PROCESS} a {@code setsid} daemon outlives it, and nothing else finds it.
     */
    public int killLeftovers(int slot) {
        checkSlot(slot);
        return switchUser ? ProcessTree.killOwnedBy(FIRST_USER_ID + slot) : 0;
    }

    @Override
    public String toString() {
        return isolation.description() + (why.isEmpty() ? "" : " — " + why);
    }

    /**
     * What to run in a sandbox, and with what.
     *
     * @param command     the program and its arguments; a JDK's {@code bin/java} is recognised and its
     *                    home made readable
     * @param workDir     the one directory the command may write, and its current directory (absolute)
     * @param readOnly    host paths the command may read, each at its own path: the class path's
     *                    directories and jars, the submission, the data set (absolute)
     * @param environment the command's whole environment besides {@code HOME}, {@code PATH} and
     *                    {@code LANG}, which it may override
     * @param limits      the resource limits
     * @param slot        which of the grader's concurrent sandboxes this is, 0 to {@code SLOTS - 1};
     *                    as root, slot {@code n} runs as user {@code 61000 + n}
     */
    public record Spec(List<String> command, Path workDir, List<Path> readOnly, Map<String, String> environment,
                       Limits limits, int slot) {

        public Spec {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(readOnly, "readOnly");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(limits, "limits");
            if (command.isEmpty()) {
                throw new IllegalArgumentException("the command to sandbox is empty");
            }
            for (int i = 0; i < command.size(); i++) {
                if (command.get(i) == null || command.get(i).indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("command argument " + i + " is null or holds a NUL character");
                }
            }
            if (command.get(0).isEmpty() || command.get(0).contains("=")) {
                throw new IllegalArgumentException("the program to sandbox, '" + command.get(0)
                        + "', is empty or holds '=' (env would take it for a variable)");
            }
            workDir = checkedPath("work directory", workDir);
            List<Path> paths = new ArrayList<>();
            for (Path path : readOnly) {
                paths.add(checkedPath("read-only path", path));
            }
            Map<String, String> variables = new LinkedHashMap<>();
            environment.forEach((name, value) -> {
                if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("environment variable name '" + name
                            + "' is not letters, digits and '_' starting with a letter or '_'");
                }
                if (value == null || value.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException(
                            "environment variable " + name + " is null or holds a NUL character");
                }
                variables.put(name, value);
            });
            checkSlot(slot);
            command = List.copyOf(command);
            readOnly = List.copyOf(paths);
            environment = Collections.unmodifiableMap(variables);
        }

        /** {@code command} in {@code workDir}, reading nothing else, with no environment of its own, default limits, slot 0. */
        public static Spec of(List<String> command, Path workDir) {
            return new Spec(command, workDir, List.of(), Map.of(), Limits.defaults(), 0);
        }

        /** This spec with {@code paths} readable. */
        public Spec withReadOnly(List<Path> paths) {
            return new Spec(command, workDir, paths, environment, limits, slot);
        }

        /** This spec with {@code variables} as the environment. */
        public Spec withEnvironment(Map<String, String> variables) {
            return new Spec(command, workDir, readOnly, variables, limits, slot);
        }

        /** This spec with other limits. */
        public Spec withLimits(Limits other) {
            return new Spec(command, workDir, readOnly, environment, other, slot);
        }

        /** This spec in another slot. */
        public Spec withSlot(int other) {
            return new Spec(command, workDir, readOnly, environment, limits, other);
        }

        private static Path checkedPath(String what, Path path) {
            if (path == null) {
                throw new IllegalArgumentException(what + " is null");
            }
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException(what + " " + path + " is not absolute");
            }
            Path normal = path.normalize();
            if (normal.getNameCount() == 0) {
                throw new IllegalArgumentException(what + " may not be / (that would expose the whole file system)");
            }
            return normal;
        }
    }

    private List<String> bubblewrapArguments(Spec spec, Optional<Path> jdk, Map<String, String> environment) {
        List<String> arguments = new ArrayList<>(List.of(bubblewrap.toString()));
        if (!switchUser) {
            arguments.add("--unshare-user");
        }
        arguments.addAll(List.of("--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                "--unshare-cgroup-try", "--die-with-parent", "--new-session"));
        if (switchUser) {
            arguments.addAll(List.of("--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"));
        }
        arguments.add("--clearenv");
        environment.forEach((name, value) -> arguments.addAll(List.of("--setenv", name, value)));

        List<Mount> mounts = new ArrayList<>();
        for (String directory : SYSTEM_DIRECTORIES) {
            systemMount(Path.of(directory)).ifPresent(mounts::add);
        }
        Path etc = Path.of("/etc");
        for (String file : ETC_FILES) {
            systemMount(etc.resolve(file)).ifPresent(mounts::add);
        }
        for (Path java : Host.entriesStartingWith(etc, "java")) {
            systemMount(java).ifPresent(mounts::add);
        }
        mounts.add(new Mount(Path.of("/proc"), List.of("--proc", "/proc")));
        mounts.add(new Mount(Path.of("/dev"), List.of("--dev", "/dev")));
        mounts.add(new Mount(Path.of("/tmp"), List.of("--perms", "1777", "--tmpfs", "/tmp")));
        jdk.ifPresent(home -> mounts.add(Mount.readOnly(home)));
        for (Path path : spec.readOnly()) {
            mounts.add(Mount.readOnly(path));
        }
        mounts.add(new Mount(spec.workDir(), List.of("--bind", spec.workDir().toString(), spec.workDir().toString())));
        mounts.addAll(directoriesAbove(mounts));
        mounts.sort(Comparator.comparingInt((Mount mount) -> mount.target().getNameCount())
                .thenComparing(mount -> !mount.isDirectory()));
        mounts.forEach(mount -> arguments.addAll(mount.arguments()));

        if (!switchUser) {
            arguments.addAll(List.of("--chdir", spec.workDir().toString()));
        }
        arguments.add("--");
        return arguments;
    }

    /**
     * A {@code --perms 0755 --dir} for each directory above a mount that is not itself mounted:
     * bubblewrap would make them {@code rwx------} for root, and the sandbox's user could not pass.
     */
    private static List<Mount> directoriesAbove(List<Mount> mounts) {
        Set<Path> targets = new HashSet<>();
        mounts.forEach(mount -> targets.add(mount.target()));
        Set<Path> above = new LinkedHashSet<>();
        for (Mount mount : mounts) {
            for (Path parent = mount.target().getParent(); parent != null && parent.getNameCount() > 0;
                 parent = parent.getParent()) {
                if (!targets.contains(parent)) {
                    above.add(parent);
                }
            }
        }
        List<Mount> directories = new ArrayList<>();
        above.forEach(directory -> directories.add(
                new Mount(directory, List.of("--perms", "0755", "--dir", directory.toString()))));
        return directories;
    }

    private static List<String> becomeUser(int slot) {
        int user = FIRST_USER_ID + slot;
        return List.of(tool("setpriv"), "--reuid=" + user, "--regid=" + user, "--clear-groups", "--no-new-privs", "--");
    }

    private static List<String> limits(Limits limits) {
        return List.of(tool("prlimit"),
                "--as=" + limits.addressSpaceBytes(),
                "--nproc=" + limits.processes(),
                "--nofile=" + limits.openFiles(),
                "--fsize=" + limits.fileSizeBytes(),
                "--core=0",
                "--cpu=" + limits.cpuSecondsBackstop(),
                "--");
    }

    /** A host path made visible at the same path: a link recreated as a link, anything else bound read-only. */
    private static Optional<Mount> systemMount(Path path) {
        try {
            if (Files.isSymbolicLink(path)) {
                return Optional.of(new Mount(path,
                        List.of("--symlink", Files.readSymbolicLink(path).toString(), path.toString())));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Files.exists(path) ? Optional.of(Mount.readOnly(path)) : Optional.empty();
    }

    /** The real home of the JDK whose {@code bin/java} {@code program} is, if it is one. */
    private static Optional<Path> jdkHome(String program) {
        Path path = Path.of(program);
        if (!path.isAbsolute() || !Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            Path real = path.toRealPath();
            Path bin = real.getParent();
            if (real.getFileName().toString().equals("java") && bin != null
                    && bin.getFileName().toString().equals("bin") && bin.getParent() != null
                    && Files.isRegularFile(bin.getParent().resolve("lib").resolve("modules"))) {
                return Optional.of(bin.getParent());
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Checks that the paths exist and, when the grader is root, that user {@code U} can read them:
     * inside bubblewrap only the paths themselves matter (the directories above are made anew);
     * under process isolation, the directories above on the host must let {@code U} pass too.
     */
    private void checkPaths(Spec spec, Optional<Path> jdk) {
        if (!Files.isDirectory(spec.workDir(), LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("work directory " + spec.workDir() + " is not a directory");
        }
        for (Path path : spec.readOnly()) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("read-only path " + path + " does not exist");
            }
        }
        if (!switchUser) {
            return;
        }
        boolean hostPaths = isolation == Isolation.PROCESS;
        String blocked = hostPaths ? Host.whyOthersCannotReach(spec.workDir()) : null;
        List<Path> readable = new ArrayList<>(spec.readOnly());
        jdk.ifPresent(readable::add);
        for (int i = 0; blocked == null && i < readable.size(); i++) {
            blocked = hostPaths ? Host.whyOthersCannotRead(readable.get(i))
                    : Host.whyOthersCannotReadItself(readable.get(i));
        }
        if (blocked != null) {
            throw new IllegalArgumentException("the sandbox user " + (FIRST_USER_ID + spec.slot())
                    + " could not read what it needs: " + blocked);
        }
    }

    /** Gives {@code workDir} and everything in it to {@code user} (links themselves, never their targets). */
    private static void giveTo(Path workDir, int user) throws IOException {
        Files.walkFileTree(workDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path entry, BasicFileAttributes attributes) throws IOException {
                own(entry);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path entry, BasicFileAttributes attributes) throws IOException {
                own(entry);
                return FileVisitResult.CONTINUE;
            }

            private void own(Path entry) throws IOException {
                Files.setAttribute(entry, "unix:uid", user, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(entry, "unix:gid", user, LinkOption.NOFOLLOW_LINKS);
            }
        });
        Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwx------"));
    }

    private static void checkSlot(int slot) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("sandbox slot must be between 0 and " + (SLOTS - 1) + ", was " + slot);
        }
    }

    private static String tool(String name) {
        return Host.executable(name).map(Path::toString).orElseThrow(() -> new IllegalStateException(
                name + " not found: install " + (name.equals("env") ? "coreutils" : "util-linux")));
    }

    /** Notes on the tools process isolation runs without. */
    private static String missingTools() {
        StringBuilder notes = new StringBuilder();
        if (Host.executable("prlimit").isEmpty()) {
            notes.append("; prlimit not found (install util-linux): no resource limits");
        }
        if (Host.isRoot() && Host.executable("setpriv").isEmpty()) {
            notes.append("; setpriv not found (install util-linux): cannot run as another user");
        }
        return notes.toString();
    }

    /**
     * One mount, link or directory inside the sandbox, by its target. They go shallowest first,
     * directories before the mounts at their depth, so that each lands on what it needs.
     */
    private record Mount(Path target, List<String> arguments) {
        static Mount readOnly(Path path) {
            return new Mount(path, List.of("--ro-bind", path.toString(), path.toString()));
        }

        boolean isDirectory() {
            return arguments.contains("--dir");
        }
    }
}
