package d2l.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code d2l jar [--out d2l.jar]}: writes the runtime as one runnable jar, for machines without
 * Maven or bash ({@code java -jar d2l.jar ...} does what {@code ./d2l ...} does). See {@link RuntimeJar}.
 */
@Command(name = "jar", mixinStandardHelpOptions = true,
        description = {"Write the runtime as one jar that 'java -jar d2l.jar ...' runs (on any OS with a JDK 17+).",
                "It carries the visible grader and the exercise stubs, never solutions/ nor grader/hidden/."})
final class JarCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "d2l.jar", description = "The jar to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        RuntimeJar.Summary s = RuntimeJar.write(out);
        System.err.printf("%s: %s (%.1f MB, %.1f s)%n", s.copied() ? "copied this jar to" : "wrote", s.file(), s.bytes() / 1e6,
                (System.nanoTime() - start) / 1e9);
        if (!s.copied()) {
            System.err.printf("it holds the runtime, %d dependency jars and %d files of the visible grader and the exercise stubs;%n"
                    + "run it with: java -jar %s --help%n", s.dependencies(), s.bundledFiles(), s.file());
        }
        return 0;
    }
}
