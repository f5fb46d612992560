package d2l.cli;

import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the command line again in a JVM that has the Vector API. The runtime's kernels use
 * {@code jdk.incubator.vector}, an incubator module, which a JVM resolves only when told to with
 * {@code --add-modules}; a jar's manifest cannot say so, hence {@code java -jar d2l.jar} starts
 * without it; the launchers {@code ./d2l} and {@code d2l.cmd} start without it on purpose, so that
 * the child's warning about the module is filtered here. This JVM then only relays: the child has
 * the same {@code java}, the same class path and arguments, the {@code -D}/{@code -X} options this
 * JVM was given, and {@code $D2L_JAVA_OPTS} (with the parallel collector unless they choose one);
 * it shares standard input and output (JShell stays interactive), its standard error goes through
 * {@link IncubatorWarningFilter}, and its exit code is this one's.
 *
 * <p>SIGTERM (and SIGINT when no terminal delivered it to the child as well) ends the child with
 * this JVM. At a terminal, Ctrl-C reaches both: this JVM ignores it and lets the child decide, so
 * Ctrl-C in JShell stops the snippet that runs, not the session.
 */
final class VectorRelaunch {

    static final String MODULE = "jdk.incubator.vector";

    /** Set in the child, so that a JVM which still lacks the module says so instead of starting another. */
    private static final String MARK = "D2L_RELAUNCHED";

    private VectorRelaunch() {}

    /** True when this JVM has not resolved the Vector API. */
    static boolean needed() {
        return ModuleLayer.boot().findModule(MODULE).isEmpty();
    }

    /** Runs the command line in a child JVM with the module; returns the child's exit code. */
    static int run(String[] args) {
        return run(Main.class.getName(), args);
    }

    /** Runs {@code mainClass} of this class path in a child JVM with the module; returns the child's exit code. */
    static int run(String mainClass, String[] args) {
        if (ModuleFinder.ofSystem().find(MODULE).isEmpty()) {
            System.err.println("d2l: this Java (" + System.getProperty("java.home") + ") has no " + MODULE
                    + " module; d2l needs a JDK 17 or newer");
            return 1;
        }
        if (System.getenv(MARK) != null) {
            System.err.println("d2l: started with --add-modules=" + MODULE + " but the module is still missing");
            return 1;
        }
        ProcessBuilder builder = new ProcessBuilder(command(mainClass, args))
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put(MARK, "1");
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            System.err.println("d2l: could not start " + builder.command().get(0) + ": " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> end(child), "d2l-relaunch"));
        ignoreInterruptAtTerminal();
        Thread relay = new Thread(() -> relay(child.getErrorStream(), new IncubatorWarningFilter(new FileOutputStream(FileDescriptor.err))),
                "d2l-stderr");
        relay.start();
        try {
            int code = child.waitFor();
            relay.join();
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The child's command line: this {@code java}, the module, the options that matter, this class path. */
    static List<String> command(String mainClass, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("--add-modules=" + MODULE);
        List<String> options = new ArrayList<>();
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("-D") || option.startsWith("-Xm") || option.startsWith("-Xss") || option.startsWith("-XX:")) {
                options.add(option);
            }
        }
        String extra = System.getenv("D2L_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            options.addAll(List.of(extra.strip().split("\\s+")));
        }
        command.addAll(withDefaultCollector(options));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /**
     * {@code options} with the parallel collector in front unless one of them chooses a collector
     * ({@code -XX:+UseG1GC}, ...). Training allocates large arrays that die within a step (a ResNet-18
     * step at batch 32 makes about a gigabyte of activations and gradients); G1, the default, treats
     * each array above half a region (1 MiB on a 6 GiB heap) as humongous and starts a concurrent
     * cycle for them, which takes one of two cores from the kernels. The parallel collector stops the
     * world briefly instead: resnet18-step medians 551 -> 446 ms in the quietest of three interleaved
     * rounds on this project's 2-core machine (and faster in the two others, under load).
     */
    static List<String> withDefaultCollector(List<String> options) {
        List<String> result = new ArrayList<>();
        if (options.stream().noneMatch(o -> o.matches("-XX:[+-]Use\\w*GC"))) {
            result.add("-XX:+UseParallelGC");
        }
        result.addAll(options);
        return result;
    }

    private static void relay(InputStream from, OutputStream to) {
        byte[] buffer = new byte[8192];
        try (from) {
            for (int n; (n = from.read(buffer)) >= 0; ) {
                to.write(buffer, 0, n);
                to.flush();
            }
            to.close();
        } catch (IOException e) {
            // the child is gone, or our standard error is closed: nothing left to relay
        }
    }

    private static void end(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(5, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
        }
    }

    /** At a terminal, Ctrl-C went to the child too; elsewhere SIGINT keeps its default, ending both. */
    @SuppressWarnings("restriction")
    private static void ignoreInterruptAtTerminal() {
        if (!atTerminal()) {
            return;
        }
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> { });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT here: nothing to ignore
        }
    }

    /** Whether a person types at a terminal: a console, and (Java 22 and later, where there is always one) a terminal. */
    private static boolean atTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
