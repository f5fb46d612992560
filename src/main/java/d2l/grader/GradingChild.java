package d2l.grader;

import static d2l.grader.Wire.message;

import d2l.autograd.GradMode;
import d2l.nn.functional.F;
import d2l.tensor.Torch;
import d2l.workbook.Checks;
import d2l.workbook.Compilation;
import d2l.workbook.Section;
import d2l.workbook.Workbook;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The child JVM that runs one submission's code for the grader ({@link ChildJvm} starts it). It
 * reads requests on standard input (compile a section, run a workbook check, evaluate a case, run
 * a coded check) and answers each on the real standard output, every line starting with the token
 * the grader sent first; whatever the student's code prints goes to standard error instead, and
 * what it reads from {@code System.in} is empty (the requests are not for it to read). It
 * never compares a case's result with the expected one: it sends the value and the grader judges.
 *
 * <p>Its class path is the runtime's only: no solutions, no hidden cases. After each check it
 * looks for threads the student's code left running, and a shutdown hook tells the grader where
 * {@code System.exit} was called.
 */
public final class GradingChild {

    /** Separates the compiler's errors in a {@code compiled} answer. */
    static final String SEPARATOR = "\u001e";

    private static final Pattern SECTION_FILE = Pattern.compile("Sec\\d+_\\d+\\.java");

    private final PrintStream wire;
    private final String token;
    private final Workbook workbook;
    private volatile boolean running;

    private GradingChild(PrintStream wire, String token, Workbook workbook) {
        this.wire = wire;
        this.token = token;
        this.workbook = workbook;
    }

    /** {@code GradingChild WORKBOOK-DIR}: answers the grader's requests until {@code quit} or the end of input. */
    public static void main(String[] args) throws Exception {
        PrintStream wire = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
        String token = in.readLine();
        if (token == null || args.length != 1) {
            System.err.println("usage: GradingChild WORKBOOK-DIR, with the grader's token on the first line of input");
            System.exit(2);
        }
        GradingChild child = new GradingChild(wire, token, Workbook.at(Path.of(args[0])));
        Runtime.getRuntime().addShutdownHook(new Thread(child::onExit, "d2l-grader-exit"));
        warmUp();
        child.send(message("op", "ready"));
        String line;
        while ((line = in.readLine()) != null) {
            Map<String, String> request = Wire.decode(line);
            if ("quit".equals(request.get("op"))) {
                break;
            }
            child.answer(request);
        }
        wire.flush();
        Runtime.getRuntime().halt(0);
    }

    /** Starts the runtime's thread pool and compiles its hot loops before the first check is timed. */
    private static void warmUp() {
        Torch.manualSeed(0);
        GradMode.noGrad(() -> F.conv2d(Torch.randn(2, 3, 12, 12), Torch.randn(4, 3, 3, 3), null).sum());
    }

    private void answer(Map<String, String> request) {
        String op = request.getOrDefault("op", "");
        try {
            if (op.equals("compile")) {
                Compilation c = workbook.compile(Section.of(request.get("section")));
                send(message("op", "compiled", "errors", String.join(SEPARATOR, c.errors())));
                return;
            }
            Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
            running = true;
            Map<String, String> result;
            try {
                result = switch (op) {
                    case "workbook" -> workbookCheck(request);
                    case "case" -> evaluateCase(request);
                    case "coded" -> codedCheck(request);
                    default -> throw new IllegalArgumentException("unknown request " + op);
                };
            } finally {
                running = false;
            }
            List<String> leaked = leftRunning(before);
            if (!leaked.isEmpty()) {
                result.put("leaked", String.join("; ", leaked));
            }
            if (result.getOrDefault("message", "").startsWith("OutOfMemoryError")) {
                result.put("restart", "true");
            }
            send(result);
        } catch (RuntimeException | Error e) {
            send(message("op", "result", "status", "GRADER_ERROR", "message", "the grader failed: " + e));
        }
    }

    private Map<String, String> workbookCheck(Map<String, String> request) {
        Section section = Section.of(request.get("section"));
        Checks.Check check = Checks.of(section).stream().filter(c -> c.name().equals(request.get("name"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no workbook check " + request.get("name")));
        return result(Checks.run(workbook, check));
    }

    private Map<String, String> evaluateCase(Map<String, String> request) {
        Section section = Section.of(request.get("section"));
        Map<String, Expression> inputs = new LinkedHashMap<>();
        request.forEach((field, text) -> {
            if (field.startsWith("in.")) {
                inputs.put(field.substring(3), Expression.parse(text));
            }
        });
        Expression call = Expression.parse(request.get("call"));
        String seed = request.get("seed");
        AtomicReference<Object> value = new AtomicReference<>();
        AtomicReference<String> printed = new AtomicReference<>("");
        Checks.Result r = Checks.run(workbook, new Checks.Check(section, "case", "", (s, x) -> {
            if (seed != null && !seed.isEmpty()) {
                Torch.manualSeed(Long.parseLong(seed));
            }
            Map<String, Object> variables = new LinkedHashMap<>();
            inputs.forEach((name, e) -> variables.put(name, e.evaluate(s, variables)));
            value.set(call.evaluate(s, variables));
            printed.set(x.printed());
        }));
        Map<String, String> result = result(r);
        result.put("printed", printed.get());
        if (r.status() == Checks.Status.PASS) {
            Value.of(value.get(), !"shape".equals(request.get("want"))).fields().forEach((k, v) -> result.put("value." + k, v));
        }
        return result;
    }

    private Map<String, String> codedCheck(Map<String, String> request) {
        Section section = Section.of(request.get("section"));
        CodedCheck coded = CodedCheck.all().stream()
                .filter(c -> c.check().section() == section && c.check().name().equals(request.get("name"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no coded check " + request.get("name")));
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : request.getOrDefault("settings", "").split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                settings.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        AtomicReference<Object> measured = new AtomicReference<>();
        Checks.Result r = Checks.run(workbook, new Checks.Check(section, coded.check().name(), coded.check().source(), (s, x) ->
                measured.set(coded.body().run(new CodedCheck.Run(s, x, settings,
                        text -> send(message("op", "progress", "text", text)))))));
        Map<String, String> result = result(r);
        if (measured.get() != null) {
            result.put("measured", String.valueOf(measured.get()));
        }
        return result;
    }

    private static Map<String, String> result(Checks.Result r) {
        return message("op", "result", "status", r.status().name(), "message", r.message());
    }

    /** Threads started during the check that are still running half a second after it, with where they are. */
    private static List<String> leftRunning(Set<Thread> before) {
        long deadline = System.nanoTime() + 500_000_000L;
        List<String> running = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (before.contains(t) || ignorable(t)) {
                continue;
            }
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                String where = where(t.getStackTrace());
                running.add(where == null ? "somewhere outside the section files" : "at " + where);
            }
        }
        Map<String, Long> byPlace = new java.util.TreeMap<>();
        running.forEach(place -> byPlace.merge(place, 1L, Long::sum));
        List<String> described = new ArrayList<>();
        byPlace.forEach((place, n) -> described.add((n == 1 ? "1 thread " : n + " threads ") + place));
        return described;
    }

    /** The runtime's own threads, and the JVM's. */
    private static boolean ignorable(Thread t) {
        String name = t.getName();
        return name.startsWith("d2l-") || name.startsWith("ForkJoinPool.commonPool-worker-") || name.startsWith("check ")
                || t.getThreadGroup() == null || t.getThreadGroup().getName().equals("system");
    }

    /** The first place in a section file, e.g. {@code Sec7_1.java:40 (in localWeights)}. */
    private static String where(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (e.getFileName() != null && SECTION_FILE.matcher(e.getFileName()).matches()) {
                String method = e.getMethodName();
                String in = method.equals("<init>") ? "a constructor"
                        : method.startsWith("lambda$") ? "a lambda in " + method.split("\\$")[1] : method;
                return e.getFileName() + ":" + e.getLineNumber() + " (in " + in + ")";
            }
        }
        return null;
    }

    /** The shutdown hook: during a check the JVM only stops because the student's code called {@code System.exit}. */
    private void onExit() {
        if (!running) {
            return;
        }
        String where = null;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = e.getValue();
            boolean exiting = java.util.Arrays.stream(stack).anyMatch(f -> f.getClassName().equals("java.lang.Shutdown")
                    || f.getClassName().equals("java.lang.Runtime") && f.getMethodName().equals("exit"));
            if (exiting && where(stack) != null) {
                where = where(stack);
            }
        }
        send(message("op", "exit", "where", where == null ? "" : where));
    }

    private synchronized void send(Map<String, String> fields) {
        wire.print(token + " " + Wire.encode(fields) + "\n");
        wire.flush();
    }
}
