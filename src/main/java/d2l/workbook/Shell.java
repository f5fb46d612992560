package d2l.workbook;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jshell.tool.JavaShellToolBuilder;

/**
 * {@code ./d2l jshell [DIR]}: JShell with the runtime on the class path, the imports a student
 * needs, and a workbook loaded as if its cells had been typed: every function and class of every
 * section becomes a JShell snippet, so {@code corr2d(X, K)} prints {@code tensor([[19., 25.], ...])}
 * and {@code new Conv2D(1, 2)} makes the student's layer.
 *
 * <p>The session's startup script imports the runtime, then runs {@link #load}, which turns the
 * workbook's files into a script of snippets, and opens that script. JShell runs the startup
 * script again on {@code /reset} and {@code /reload}, so after editing a file, {@code /reload}
 * brings in the change and replays what was typed since.
 *
 * <p>JShell runs the snippets in this JVM ({@code --execution local}) rather than in a second one:
 * loading some fifty snippets then takes two or three seconds instead of five or six.
 */
public final class Shell {

    /**
     * The packages JShell's own startup script ({@code DEFAULT}) imports whole; a session starts with
     * that script and then {@link #IMPORTS}.
     */
    static final List<String> DEFAULT_PACKAGES = List.of("java.io", "java.math", "java.net", "java.nio.file", "java.util",
            "java.util.concurrent", "java.util.function", "java.util.prefs", "java.util.regex", "java.util.stream");

    /** The imports every session has after JShell's default ones: the runtime's and the workbook's tools. */
    public static final String IMPORTS = String.join("\n",
            "import d2l.tensor.*;",
            "import static d2l.tensor.Torch.*;",
            "import d2l.autograd.GradMode;",
            "import d2l.nn.*;",
            "import d2l.nn.Module;",
            "import d2l.nn.functional.F;",
            "import d2l.nn.init.Init;",
            "import d2l.optim.SGD;",
            "import d2l.workbook.Pictures;",
            "import static d2l.grader.SelfCheck.check;",
            "import static d2l.grader.SectionHelp.help;",
            "");

    /** The thread running JShell's tool, while a session runs. */
    private static volatile Thread toolThread;

    private Shell() {}

    /**
     * How to start a session.
     *
     * @param workbook    the workbook directory to load, or null for none
     * @param files       {@code .jsh} or {@code .java} files to open after the workbook
     * @param in          what JShell reads when not interactive (the cells a test feeds it)
     * @param out         where JShell writes when not interactive
     * @param err         where JShell writes errors when not interactive
     * @param interactive true for a person at a terminal: JShell uses the console, with line
     *                    editing and the user's JShell preferences, and ignores the three streams
     */
    public record Options(Path workbook, List<Path> files, InputStream in, PrintStream out, PrintStream err,
                          boolean interactive) {}

    /** Runs JShell until the user exits; returns its exit code. */
    public static int run(Options options) throws IOException {
        for (Path f : options.files()) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("no such file: " + f + " (give .jsh or .java files to load)");
            }
        }
        Path work = Files.createTempDirectory("d2l-jshell");
        Path startup = work.resolve("startup.jsh");
        Path snippets = work.resolve("workbook.jsh");
        Files.writeString(startup, startupScript(options.workbook(), snippets), StandardCharsets.UTF_8);
        Files.writeString(snippets, "", StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of(
                "--class-path", Workbook.runtimeClassPathString(),
                "--execution", "local",
                "--startup", "DEFAULT",
                "--startup", startup.toString(),
                "--feedback", "normal"));
        // the snippets run in this JVM (local execution: much faster to load the workbook than a JVM of its own),
        // so these tell check(...) and Earlier which workbook the session has
        String home = System.getProperty(Workbook.HOME_PROPERTY);
        String current = System.getProperty(Workbook.PROPERTY);
        System.setProperty(Workbook.HOME_PROPERTY, Workbook.projectRoot().toString());
        if (options.workbook() != null) {
            System.setProperty(Workbook.PROPERTY, options.workbook().toAbsolutePath().normalize().toString());
        }
        for (Path f : options.files()) {
            args.add(f.toString());
        }
        JavaShellToolBuilder builder = JavaShellToolBuilder.builder();
        PrintStream systemOut = System.out;
        PrintStream systemErr = System.err;
        if (!options.interactive()) {
            // fed by a program: no terminal, and nothing read from or written to the user's JShell preferences;
            // the snippets print with System.out of this JVM, so that goes to the same stream as JShell's output
            builder.in(options.in(), null).out(options.out()).err(options.err())
                    .persistence(new HashMap<>()).interactiveTerminal(false);
            System.setOut(options.out());
            System.setErr(options.err());
        }
        toolThread = Thread.currentThread();
        try {
            return builder.start(args.toArray(new String[0]));
        } catch (Exception e) {
            throw new IOException("JShell could not start: " + e.getMessage(), e);
        } finally {
            System.setOut(systemOut);
            System.setErr(systemErr);
            restore(Workbook.HOME_PROPERTY, home);
            restore(Workbook.PROPERTY, current);
            deleteQuietly(work);
            toolThread = null;
        }
    }

    /**
     * True while JShell replays the session's history after {@code /reload}, so that
     * {@code check("7.2")} need not grade again every time it was typed before. The snippets run in
     * this JVM; JShell's tool reads the input on the thread that started it, and that thread is
     * inside JShell's {@code doReload} during a replay. (Should a later JDK rename the method, the
     * answer is false and the replay simply runs the check again.)
     */
    public static boolean replaying() {
        Thread tool = toolThread;
        if (tool == null || tool == Thread.currentThread()) {
            return false;
        }
        for (StackTraceElement frame : tool.getStackTrace()) {
            if (frame.getClassName().endsWith(".JShellTool") && frame.getMethodName().equals("doReload")) {
                return true;
            }
        }
        return false;
    }

    /** The startup script: the imports, then (with a workbook) the step that writes the snippets and the /open that reads them. */
    static String startupScript(Path workbook, Path snippets) {
        StringBuilder s = new StringBuilder(IMPORTS);
        if (workbook != null) {
            s.append("d2l.workbook.Shell.load(").append(literal(workbook.toAbsolutePath().normalize().toString()))
                    .append(", ").append(literal(snippets.toString())).append(");\n");
            s.append("/open ").append(snippets).append('\n');
        }
        return s.toString();
    }

    /**
     * Run by the session's startup script: writes the snippets of the workbook in
     * {@code dir} to {@code out}, and prints one line saying what was loaded (and the errors of
     * any file that could not be read). Never throws: a broken workbook still gives a session.
     */
    public static void load(String dir, String out) {
        StringBuilder report = new StringBuilder();
        String script;
        try {
            script = snippets(Workbook.at(dir), report);
        } catch (RuntimeException e) {
            script = "";
            report.append("workbook: could not load ").append(dir).append(": ").append(e).append('\n');
        }
        try {
            Files.writeString(Path.of(out), script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            report.append("workbook: could not write ").append(out).append(": ").append(e.getMessage()).append('\n');
        }
        System.out.print(report);
        System.out.flush();
    }

    /**
     * The workbook as a JShell script: for each section in book order, its imports and then each
     * member of its class, without the modifiers JShell does not take at the top level. A method
     * marked {@link FromSection} is left out when that earlier section is loaded, so calls reach
     * the student's own function. A section whose file is missing or does not parse is skipped,
     * and {@code report} says why.
     */
    public static String snippets(Workbook workbook, StringBuilder report) {
        List<Compilation> parsed = new ArrayList<>();
        Set<String> loaded = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        for (Section s : Section.values()) {
            if (!Files.exists(workbook.file(s))) {
                missing.add(s.id());
                continue;
            }
            Compilation c = workbook.parse(s);
            if (c.compiled()) {
                parsed.add(c);
                loaded.add(s.id());
            } else {
                report.append(workbook.shownName(s)).append(" has errors, so ").append(s.id()).append(" is not loaded:\n");
                c.errors().forEach(e -> report.append(e).append('\n'));
            }
            c.warnings().forEach(w -> report.append("warning: ").append(w).append('\n'));
        }
        // each import once, and none the session already has: JShell compiles every snippet, imports too
        StringBuilder script = new StringBuilder();
        Set<String> imports = new LinkedHashSet<>();
        for (String i : IMPORTS.split("\n")) {
            imports.add(normalizeImport(i));
        }
        for (Compilation c : parsed) {
            for (String i : c.imports()) {
                if (imports.add(normalizeImport(i)) && !coveredBySessionImports(normalizeImport(i))) {
                    script.append(i).append('\n');
                }
            }
        }
        List<Compilation.Member> members = new ArrayList<>();
        for (Compilation c : parsed) {
            for (Compilation.Member m : c.members()) {
                if (m.fromSection() == null || !loaded.contains(m.fromSection())) {
                    members.add(m);
                }
            }
        }
        Map<String, List<Compilation.Member>> overloads = new LinkedHashMap<>();
        for (Compilation.Member m : members) {
            if (m.method() != null) {
                overloads.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
            }
        }
        overloads.values().removeIf(group -> group.size() < 2);
        for (Map.Entry<String, List<Compilation.Member>> group : overloads.entrySet()) {
            script.append(overloaded(group.getKey(), group.getValue()));
        }
        for (Compilation.Member m : members) {
            if (!overloads.containsKey(m.name()) || m.method() == null) {
                script.append(m.snippet()).append('\n');
            }
        }
        report.append("Workbook ").append(workbook.shownName()).append(": ")
                .append(loaded.isEmpty() ? "nothing loaded" : "loaded " + String.join(" ", loaded));
        if (!missing.isEmpty()) {
            report.append(" (no file for ").append(String.join(" ", missing)).append(')');
        }
        report.append(". help() lists the sections, help(\"7.2\") what one asks for, check(\"7.2\") grades it;"
                + " after editing a file, /reload.\n");
        return script.toString();
    }

    /**
     * The snippets for the overloads of one name. In JShell, a method that calls another overload
     * of its own name fails ({@code pool2d(X, p, "max")} calling {@code pool2d(X, p, pad, stride, "max")}
     * sees only itself), since each snippet is a class of its own whose method hides the others.
     * So the overloads go together into one class, {@code pool2d$overloads}, where they see each
     * other, and a top-level method for each calls its copy there.
     */
    static String overloaded(String name, List<Compilation.Member> group) {
        String holder = name + "$overloads";
        StringBuilder s = new StringBuilder("class ").append(holder).append(" {\n");
        for (Compilation.Member m : group) {
            s.append("static ").append(m.snippet()).append('\n');
        }
        s.append("}\n");
        for (Compilation.Member m : group) {
            Compilation.Method method = m.method();
            s.append(method.signature()).append(" { ").append(method.isVoid() ? "" : "return ").append(holder).append('.')
                    .append(name).append('(').append(String.join(", ", method.parameters())).append("); }\n");
        }
        return s.toString();
    }

    /**
     * True for {@code import d2l.tensor.Tensor;} when the session already has {@code import d2l.tensor.*;}.
     * No class name of the runtime's packages the session imports whole is also in another of them
     * or in JShell's default packages (the one clash, {@code Module} with {@code java.lang.Module},
     * the session settles by importing {@code d2l.nn.Module} by name), so such an import changes
     * nothing and is not worth a snippet.
     */
    private static boolean coveredBySessionImports(String normalized) {
        if (!normalized.startsWith("import ") || normalized.startsWith("import static ") || normalized.endsWith(".*;")) {
            return false;
        }
        String name = normalized.substring("import ".length(), normalized.length() - 1);
        int dot = name.lastIndexOf('.');
        String pkg = dot > 0 ? name.substring(0, dot) : "";
        return IMPORTS.contains("import " + pkg + ".*;\n") || DEFAULT_PACKAGES.contains(pkg);
    }

    private static String normalizeImport(String i) {
        return i.replaceAll("\\s+", " ").replace(" ;", ";").strip();
    }

    /** {@code s} as a Java string literal. */
    static String literal(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a temporary file left behind
                }
            });
        } catch (IOException e) {
            // nothing to clean
        }
    }
}
