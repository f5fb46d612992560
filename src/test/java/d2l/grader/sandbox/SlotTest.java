package d2l.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sandbox slots are never shared, within a JVM or between two graders on one machine. */
class SlotTest {

    @Test
    void slotsHeldInThisJvmAreNotHandedOutAgain() throws Exception {
        try (Slot a = Slot.take(); Slot b = Slot.take()) {
            assertThat(a.number()).isNotEqualTo(b.number());
        }
    }

    @Test
    void aSlotHeldByAnotherGraderIsNotHandedOut() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HoldASlot.class.getName()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
            int theirs = Integer.parseInt(out.readLine().strip());
            try (Slot mine = Slot.take()) {
                assertThat(mine.number()).isNotEqualTo(theirs);
            }
            other.destroyForcibly().waitFor();
            try (Slot again = Slot.take()) {
                assertThat(again.number()).as("a slot is free again once the JVM holding it is gone").isLessThanOrEqualTo(theirs);
            }
        } finally {
            other.destroyForcibly();
        }
    }

    /**
     * A second slot taken in this JVM must not free the first for other graders. (Closing any file
     * descriptor of a file drops every POSIX lock the process holds on it, so probing a slot this
     * JVM already holds, by opening and closing its lock file, would hand it to another grader,
     * whose sandbox would then run as the same user and be killed by this grader's clean-up.)
     */
    @Test
    void takingASecondSlotKeepsTheFirstFromOtherGraders() throws Exception {
        try (Slot first = Slot.take(); Slot second = Slot.take()) {
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HoldASlot.class.getName()).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
                int theirs = Integer.parseInt(out.readLine().strip());
                assertThat(theirs).isNotEqualTo(first.number()).isNotEqualTo(second.number());
            } finally {
                other.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * A grader starting while another grades must not free the other's slot. (The slots' directory
     * is {@code d2l-grade-slots}; a new grader's clean-up of stale {@code d2l-grade-*} scratch
     * directories once took it for an abandoned one, ten minutes after its last slot file was made,
     * and deleted it with the lock files in use, so the next grader locked a new file of the same
     * slot, ran as the same user, and killed the first grader's sandbox: "exit code 137".)
     */
    @Test
    void cleaningUpStaleScratchDirectoriesLeavesTheSlotsInUse() throws Exception {
        try (Slot mine = Slot.take()) {
            Path slots = Slot.folder();
            Files.setLastModifiedTime(slots, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

            GradingTemp.removeStale();

            assertThat(slots.resolve(mine.number() + ".lock")).exists();
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HoldASlot.class.getName()).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(Integer.parseInt(out.readLine().strip())).isNotEqualTo(mine.number());
            } finally {
                other.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * The sandbox users are the machine's, so the slots are too: a grader started with another
     * {@code java.io.tmpdir} (its own scratch place) must not hand out a slot this one holds.
     */
    @Test
    void aGraderWithAnotherTemporaryDirectoryDoesNotTakeASlotInUse(@TempDir Path elsewhere) throws Exception {
        try (Slot mine = Slot.take()) {
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process other = new ProcessBuilder(java, "-Djava.io.tmpdir=" + elsewhere, "-cp", System.getProperty("java.class.path"),
                    HoldASlot.class.getName()).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(Integer.parseInt(out.readLine().strip())).isNotEqualTo(mine.number());
            } finally {
                other.destroyForcibly().waitFor();
            }
        }
    }

    /** Another grader: takes a slot, prints its number and holds it until killed. */
    public static final class HoldASlot {
        public static void main(String[] args) throws Exception {
            Slot slot = Slot.take();
            System.out.println(slot.number());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
