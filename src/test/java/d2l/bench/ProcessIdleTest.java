package d2l.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Waiting for this JVM to stop using the CPU: the waiting rule with made-up CPU times, then the
 * real ones on Linux (elsewhere it does not wait). Other tests' threads may still be busy in this
 * JVM, so only lower bounds are checked on the real clock.
 */
class ProcessIdleTest {

    @Test
    void itReturnsOnceTheCpuTimeStopsGrowing() {
        AtomicLong reads = new AtomicLong();
        // 1 ms more at each of the first five reads, then no more
        long waited = ProcessIdle.await(60_000, () -> Math.min(reads.incrementAndGet(), 5) * 1_000_000);
        assertThat(reads.get()).isEqualTo(6);
        assertThat(waited).isBetween(5 * 20L, 30_000L);
    }

    @Test
    void itStopsWaitingAtTheLimit() {
        AtomicLong reads = new AtomicLong();
        long waited = ProcessIdle.await(200, () -> reads.incrementAndGet() * 1_000_000);
        assertThat(waited).isBetween(200L, 30_000L);
    }

    @Test
    void aLimitOfZeroDoesNotLookAtTheCpuTime() {
        AtomicLong reads = new AtomicLong();
        assertThat(ProcessIdle.await(0, () -> reads.incrementAndGet() * 1_000_000)).isZero();
        assertThat(reads.get()).isZero();
    }

    @Test
    void whereTheCpuTimeCannotBeReadItDoesNotWait() {
        AtomicLong reads = new AtomicLong();
        ProcessIdle.await(60_000, () -> {
            reads.incrementAndGet();
            return -1;
        });
        assertThat(reads.get()).isEqualTo(1);
    }

    @Test
    void theCpuTimeGrowsWhileAThreadWorks() {
        assumeThat(ProcessIdle.cpuNanos()).as("/proc/self/task/*/schedstat").isNotNegative();
        long before = ProcessIdle.cpuNanos();
        long end = System.nanoTime() + 20_000_000;
        double sink = 0;
        while (System.nanoTime() < end) {
            sink += Math.sqrt(sink + 1);
        }
        assertThat(ProcessIdle.cpuNanos() - before).as("after %s", sink).isGreaterThan(5_000_000);
    }

    @Test
    void aThreadThatEndsDoesNotTakeItsCpuTimeAway() throws Exception {
        assumeThat(ProcessIdle.cpuNanos()).as("/proc/self/task/*/schedstat").isNotNegative();
        Thread worker = new Thread(() -> {
            long end = System.nanoTime() + 30_000_000;
            double sink = 0;
            while (System.nanoTime() < end) {
                sink += Math.sqrt(sink + 1);
            }
        });
        worker.start();
        Thread.sleep(10);
        long during = ProcessIdle.cpuNanos();
        worker.join();
        // the worker has run for up to 30 ms more since the reading while it was alive, and then ended
        assertThat(ProcessIdle.cpuNanos()).isGreaterThanOrEqualTo(during);
    }

    @Test
    void itWaitsWhileAnotherThreadWorks() throws Exception {
        assumeThat(ProcessIdle.cpuNanos()).as("/proc/self/task/*/schedstat").isNotNegative();
        AtomicBoolean busy = new AtomicBoolean(true);
        long before = ProcessIdle.othersCpuNanos();
        Thread spinner = new Thread(() -> {
            double sink = 0;
            while (busy.get()) {
                sink += Math.sqrt(sink + 1);
            }
        });
        spinner.start();
        try {
            // on a loaded machine the new thread may wait to be scheduled: wait until it has run 10 ms
            while (ProcessIdle.othersCpuNanos() - before < 10_000_000) {
                Thread.sleep(1);
            }
            assertThat(ProcessIdle.await(300)).isGreaterThanOrEqualTo(300);
        } finally {
            busy.set(false);
            spinner.join();
        }
    }
}
