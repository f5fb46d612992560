package d2l.cli;

import d2l.kernels.Parallel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code d2l info}: what the runtime sees of this machine (threads, Java, vector width), for bug reports and benchmarks. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the runtime's threads, Java version and SIMD width.")
final class InfoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.println("threads:      " + Parallel.threads() + " (set D2L_THREADS to change)");
        System.out.println("cores:        " + Runtime.getRuntime().availableProcessors());
        System.out.println("java:         " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        System.out.println("max memory:   " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        System.out.println("vector width: " + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() + " bits");
        return 0;
    }
}
