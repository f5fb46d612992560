package d2l.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Benchmarks#run(List, java.util.function.Consumer, Opponent)}: the other side is prepared before
 * our runs, timed once after each, and its failures become notes, with an opponent that records what
 * it is asked. Only small cases run (a 1024 matmul); nothing is timed.
 */
class BenchmarksTest {

    private static final Harness.Settings THREE_RUNS = new Harness.Settings(0, 1, 3, 0, 3);

    /** Answers every run in 4 ms and fails to prepare the cases named in {@code broken}. */
    private static final class Recording implements Opponent {
        final List<String> asked = new ArrayList<>();
        final List<String> broken;

        Recording(String... broken) {
            this.broken = List.of(broken);
        }

        @Override
        public void prepare(String name, int threads, Harness.Settings settings) throws IOException {
            asked.add("prepare " + name + " " + threads);
            if (broken.contains(name)) {
                throw new IOException("ValueError: no data for " + name);
            }
        }

        @Override
        public double timeOneRun(String name, int threads) {
            asked.add("time " + name + " " + threads);
            return 4.0;
        }
    }

    private static List<Benchmarks.Run> plan(String... names) {
        return Benchmarks.plan(Benchmarks.select(List.of(names), new Benchmarks.Workloads(0, List.of("true"))), THREE_RUNS);
    }

    @Test
    void theOtherSideIsPreparedThenTimedOnceAfterEachOfOurRuns() {
        List<Benchmarks.Run> plan = plan("matmul-1024");
        Recording pytorch = new Recording();

        List<BenchReport.Result> results = Benchmarks.run(plan, line -> {}, pytorch);

        List<String> expected = new ArrayList<>();
        for (Benchmarks.Run run : plan) {
            expected.add("prepare matmul-1024 " + run.threads());
            for (int i = 0; i < 3; i++) {
                expected.add("time matmul-1024 " + run.threads());
            }
        }
        assertThat(pytorch.asked).isEqualTo(expected);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.timing().runs()).isEqualTo(3);
            assertThat(r.pytorch().samplesMs()).containsExactly(4.0, 4.0, 4.0);
            assertThat(r.pytorchNote()).isNull();
        });
    }

    @Test
    void aCaseItCannotPrepareIsNotedAndOursIsStillTimed() {
        Recording pytorch = new Recording("matmul-1024");

        List<BenchReport.Result> results = Benchmarks.run(plan("matmul-1024"), line -> {}, pytorch);

        assertThat(pytorch.asked).allMatch(line -> line.startsWith("prepare"));
        assertThat(results).allSatisfy(r -> {
            assertThat(r.timing().runs()).isEqualTo(3);
            assertThat(r.pytorch()).isNull();
            assertThat(r.pytorchNote()).isEqualTo("failed: ValueError: no data for matmul-1024");
        });
    }

    @Test
    void aCaseWithoutAPyTorchEquivalentIsNeverAskedFor() {
        Recording pytorch = new Recording();

        List<BenchReport.Result> results = Benchmarks.run(plan("grade-solutions"), line -> {}, pytorch);

        assertThat(pytorch.asked).isEmpty();
        assertThat(results).singleElement().satisfies(r -> assertThat(r.pytorchNote()).isEqualTo("has no equivalent"));
    }
}
