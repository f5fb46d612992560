package d2l.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool's contract: every chunk once, in the fixed chunking, whoever runs it; failures reach the caller. */
class ParallelTest {

    private int saved;

    @BeforeEach
    void twoThreads() {
        saved = Parallel.threads();
        Parallel.setThreads(2);
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    /** How many times each index was visited by many forRange calls in a row (hand-offs back to back). */
    private static AtomicIntegerArray visits(int n, int grain, int calls) {
        AtomicIntegerArray visits = new AtomicIntegerArray(n);
        for (int call = 0; call < calls; call++) {
            Parallel.forRange(n, grain, (start, end) -> {
                assertThat(start % grain).isZero();
                assertThat(end).isEqualTo(Math.min(n, start + grain));
                for (int i = start; i < end; i++) {
                    visits.incrementAndGet(i);
                }
            });
        }
        return visits;
    }

    @Test
    void everyIndexOncePerCallInChunksOfTheGrain() {
        AtomicIntegerArray v = visits(1000, 7, 500);
        for (int i = 0; i < v.length(); i++) {
            assertThat(v.get(i)).as("index %d", i).isEqualTo(500);
        }
    }

    @Test
    void nestedCallsAndCallsFromOtherThreadsRunToo() throws Exception {
        AtomicIntegerArray inner = new AtomicIntegerArray(64);
        CompletableFuture<AtomicIntegerArray> other = CompletableFuture.supplyAsync(() -> visits(300, 3, 300));
        Parallel.forRange(8, 1, (start, end) -> Parallel.forRange(8, 1, (s, e) -> inner.incrementAndGet(start * 8 + s)));
        AtomicIntegerArray v = other.get();
        for (int i = 0; i < 64; i++) {
            assertThat(inner.get(i)).isEqualTo(1);
        }
        for (int i = 0; i < 300; i++) {
            assertThat(v.get(i)).isEqualTo(300);
        }
    }

    @Test
    void aFailingChunkReachesTheCallerAndThePoolKeepsWorking() {
        assertThatThrownBy(() -> Parallel.forRange(100, 1, (start, end) -> {
            if (start == 57) {
                throw new IllegalStateException("chunk 57");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("chunk 57");
        assertThat(visits(100, 1, 10).get(99)).isEqualTo(10);
    }

    @Test
    void changingTheThreadCountReplacesThePool() {
        Parallel.setThreads(3);
        assertThat(visits(90, 1, 50).get(89)).isEqualTo(50);
        Parallel.setThreads(2);
        assertThat(visits(90, 1, 50).get(0)).isEqualTo(50);
    }
}
