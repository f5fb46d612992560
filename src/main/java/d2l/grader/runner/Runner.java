package d2l.grader.runner;

import static d2l.grader.runner.Wire.message;

import d2l.autograd.GradMode;
import d2l.grader.CodedCheck;
import d2l.grader.Expression;
import d2l.kernels.Parallel;
import d2l.nn.functional.F;
import d2l.tensor.Torch;
import d2l.workbook.Checks;
import d2l.workbook.Compilation;
import d2l.workbook.LoadedSection;
import d2l.workbook.Observation;
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
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The process that runs one submission's code, inside the sandbox. It reads the grader's requests
 * on standard input (compile and initialise a section, run a check, evaluate a case) and answers
 * each on the real standard output with <em>observations</em> only: the values the student's code
 * returned, the exceptions it threw, what it printed. It holds no expected value and decides no
 * verdict, so nothing the student's code does here (forging a reply included) can do more than
 * change what its own code returned. Whatever the student's code prints goes to standard error;
 * what it reads from {@code System.in} is empty.
 *
 * <p>Every check starts afresh: a new class loader for the section (static fields start anew), the
 * random generator at seed 0 and the runtime's thread count reset, so a check gives the same
 * observations alone, in any order, or in the full run.
 */
public final class Runner {

    /** Separates the compiler's errors in a {@code loaded} answer. */
    public static final String SEPARATOR = "\u001e";

    private final PrintStream wire;
    private final String token;
    private final Workbook workbook;
    private final int threads;
    private volatile boolean running;

    private Runner(PrintStream wire, String token, Workbook workbook, int threads) {
        this.wire = wire;
        this.token = token;
        this.workbook = workbook;
        this.threads = threads;
    }

    /** {@code Runner WORKBOOK-DIR}: answers the grader's requests until {@code quit} or the end of input. */
    public static void main(String[] args) throws Exception {
        PrintStream wire = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
        String token = in.readLine();
        if (token == null || args.length != 1) {
            System.err.println("usage: Runner WORKBOOK-DIR, with the grader's token on the first line of input");
            System.exit(2);
        }
        Runner runner = new Runner(wire, token, Workbook.at(Path.of(args[0])), Parallel.threads());
        Runtime.getRuntime().addShutdownHook(new Thread(runner::onExit, "d2l-runner-exit"));
        warmUp();
        runner.send(message("op", "ready"));
        String line;
        while ((line = in.readLine()) != null) {
            Map<String, String> request = Wire.decode(line);
            if ("quit".equals(request.get("op"))) {
                break;
            }
            runner.answer(request);
        }
        wire.flush();
        Runtime.getRuntime().halt(0);
    }

    /** Starts the runtime's thread pool and compiles its hot loops before the first check is measured. */
    private static void warmUp() {
        Torch.manualSeed(0);
        GradMode.noGrad(() -> F.conv2d(Torch.randn(2, 3, 12, 12), Torch.randn(4, 3, 3, 3), null).sum());
    }

    private void answer(Map<String, String> request) {
        String op = request.getOrDefault("op", "");
        try {
            Parallel.setThreads(threads);
            Torch.manualSeed(0);
            if (op.equals("compile")) {
                send(compile(Section.of(request.get("section"))));
                return;
            }
            if (op.equals("load")) {
                send(load(Section.of(request.get("section"))));
                return;
            }
            Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
            Section section = Section.of(request.get("section"));
            Checks.Check check = switch (op) {
                case "check" -> Checks.of(section).stream().filter(c -> c.name().equals(request.get("name"))).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no workbook check " + request.get("name")));
                case "coded" -> coded(section, request);
                case "case" -> caseCheck(section, request);
                default -> throw new IllegalArgumentException("unknown request " + op);
            };
            String standIns = request.getOrDefault("standins", "");
            LoadedSection loaded = standIns.isEmpty() ? workbook.loadFresh(section, false)
                    : workbook.loadFresh(section, false, request.getOrDefault("standins.source", ""),
                            new java.util.LinkedHashSet<>(List.of(standIns.split(","))));
            running = true;
            Checks.Recording r;
            try {
                r = Checks.record(loaded, check, Long.MAX_VALUE / 1000);
            } finally {
                running = false;
            }
            Map<String, String> answer = message("op", "observed",
                    "observations", Base64.getEncoder().encodeToString(Observation.encode(r.observations())));
            List<String> leaked = leftRunning(before);
            if (!leaked.isEmpty()) {
                answer.put("leaked", String.join("; ", leaked));
            }
            send(answer);
        } catch (RuntimeException | Error e) {
            send(message("op", "failed", "message", e.toString()));
        }
    }

    /** Compiles the section (javac's work, no code of the submission runs); the grader times it apart from the checks. */
    private Map<String, String> compile(Section section) {
        Compilation c = workbook.compile(section);
        return message("op", "compiled", "errors", c.compiled() ? "" : String.join(SEPARATOR, c.errors()));
    }

    /**
     * Runs the section's static initializer once (compiling it first, unless a {@code compile}
     * request did), so a broken one costs the section once.
     */
    private Map<String, String> load(Section section) {
        Compilation c = workbook.compile(section);
        if (!c.compiled()) {
            return message("op", "loaded", "errors", String.join(SEPARATOR, c.errors()));
        }
        try {
            workbook.loadFresh(section, true);
            return message("op", "loaded", "errors", "");
        } catch (Throwable t) {
            Throwable cause = t instanceof ExceptionInInitializerError e && e.getCause() != null ? e.getCause() : t;
            return message("op", "loaded", "errors", "", "initializer", cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    /** A structure or training check, recorded with the rubric's settings; its epochs go to the grader as progress. */
    private Checks.Check coded(Section section, Map<String, String> request) {
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
        return new Checks.Check(section, coded.check().name(), coded.check().source(), p -> coded.body().run(
                new CodedCheck.Run(p, settings, text -> send(message("op", "progress", "text", text)), false, null)));
    }

    /** One case of a case file or a randomized check: its inputs made, its call evaluated, observed with what it printed. */
    private static Checks.Check caseCheck(Section section, Map<String, String> request) {
        Map<String, Expression> inputs = new LinkedHashMap<>();
        request.forEach((field, text) -> {
            if (field.startsWith("in.")) {
                inputs.put(field.substring(3), Expression.parse(text));
            }
        });
        Expression call = Expression.parse(request.get("call"));
        String seed = request.getOrDefault("seed", "");
        return new Checks.Check(section, "case", "", p -> {
            p.observe("case", s -> {
                if (!seed.isEmpty()) {
                    Torch.manualSeed(Long.parseLong(seed));
                }
                Map<String, Object> variables = new LinkedHashMap<>();
                inputs.forEach((name, e) -> variables.put(name, e.evaluate(s, variables)));
                return call.evaluate(s, variables);
            });
            p.printed();
        });
    }

    /**
     * Threads started during the check that are still running half a second after it, with where
     * they are, and the processes it started that are still running.
     */
    private static List<String> leftRunning(Set<Thread> before) {
        long deadline = System.nanoTime() + 500_000_000L;
        Map<String, Long> byPlace = new java.util.TreeMap<>();
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
                byPlace.merge(where(t.getStackTrace()), 1L, Long::sum);
            }
        }
        List<String> described = new ArrayList<>();
        byPlace.forEach((place, n) -> described.add((n == 1 ? "1 thread " : n + " threads ") + place));
        List<ProcessHandle> processes = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        if (!processes.isEmpty()) {
            String first = processes.get(0).info().command().orElse("?");
            described.add(processes.size() == 1 ? "1 process (" + first + ")" : processes.size() + " processes (" + first + ", ...)");
        }
        return described;
    }

    /** The runtime's own threads, and the JVM's. */
    private static boolean ignorable(Thread t) {
        String name = t.getName();
        return name.startsWith("d2l-") || name.startsWith("ForkJoinPool.commonPool-worker-") || name.startsWith("check ")
                || t.getThreadGroup() == null || t.getThreadGroup().getName().equals("system");
    }

    /** The first place in a section file, e.g. {@code at Sec7_1.java:40 (in localWeights)}. */
    private static String where(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (e.getFileName() != null && e.getFileName().matches("Sec\\d+_\\d+\\.java")) {
                String method = e.getMethodName();
                String in = method.equals("<init>") ? "a constructor" : method.equals("<clinit>") ? "a static initializer"
                        : method.startsWith("lambda$") ? "a lambda in " + method.split("\\$")[1] : method;
                return "at " + e.getFileName() + ":" + e.getLineNumber() + " (in " + in + ")";
            }
        }
        return "somewhere outside the section files";
    }

    /** The shutdown hook: during a check the JVM only stops because the student's code called {@code System.exit}. */
    private void onExit() {
        if (!running) {
            return;
        }
        String where = "";
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = e.getValue();
            boolean exiting = java.util.Arrays.stream(stack).anyMatch(f -> f.getClassName().equals("java.lang.Shutdown")
                    || f.getClassName().equals("java.lang.Runtime") && f.getMethodName().equals("exit"));
            String place = where(stack);
            if (exiting && place.startsWith("at ")) {
                where = place.substring(3);
            }
        }
        send(message("op", "exit", "where", where));
    }

    private synchronized void send(Map<String, String> fields) {
        wire.print(token + " " + Wire.encode(fields) + "\n");
        wire.flush();
    }
}
