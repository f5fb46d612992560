package d2l.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
