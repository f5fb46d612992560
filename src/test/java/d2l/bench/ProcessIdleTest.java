package d2l.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Waiting for this JVM to stop using the CPU, on Linux (elsewhere it does not wait). */
class ProcessIdleTest {

    @BeforeEach
    void onLinux() {
        assumeThat(ProcessIdle.cpuNanos()).as("/proc/self/task/*/schedstat").isNotNegative();
    }

    @Test
    void theCpuTimeGrowsWhileAThreadWorks() {
        long before = ProcessIdle.cpuNanos();
        long end = System.nanoTime() + 20_000_000;
        double sink = 0;
        while (System.nanoTime() < end) {
            sink += Math.sqrt(sink + 1);
        }
        assertThat(ProcessIdle.cpuNanos() - before).as("after %s", sink).isGreaterThan(5_000_000);
    }

    /** Well before the limit: at most the JIT finishing what earlier tests in this JVM made hot. */
    @Test
    void anIdleProcessIsNotWaitedForUntilTheLimit() {
        assertThat(ProcessIdle.await(60_000)).isLessThan(20_000);
    }

    @Test
    void itWaitsForABusyThreadToStop() throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        Thread spinner = spinWhile(busy);
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            busy.set(false);
        });
        stopper.start();

        long waited = ProcessIdle.await(10_000);

        spinner.join();
        assertThat(waited).isBetween(250L, 9_000L);
    }

    @Test
    void itStopsWaitingAtTheLimit() throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        Thread spinner = spinWhile(busy);
        try {
            assertThat(ProcessIdle.await(200)).isBetween(200L, 5_000L);
        } finally {
            busy.set(false);
            spinner.join();
        }
    }

    /** A started thread that computes while {@code busy} is true. */
    private static Thread spinWhile(AtomicBoolean busy) {
        Thread spinner = new Thread(() -> {
            double sink = 0;
            while (busy.get()) {
                sink += Math.sqrt(sink + 1);
            }
        });
        spinner.start();
        return spinner;
    }
}
