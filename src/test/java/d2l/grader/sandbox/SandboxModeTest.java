package d2l.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing the sandbox: the option's words, and what each mode does where bubblewrap is missing. */
class SandboxModeTest {

    private static final Path NO_BUBBLEWRAP = Path.of("/nonexistent/bin/bwrap");

    @Test
    void theOptionTakesRequiredAutoAndOff() {
        assertThat(SandboxMode.parse("required")).isEqualTo(SandboxMode.REQUIRED);
        assertThat(SandboxMode.parse("AUTO")).isEqualTo(SandboxMode.AUTO);
        assertThat(SandboxMode.parse("off")).isEqualTo(SandboxMode.OFF);
        assertThatThrownBy(() -> SandboxMode.parse("on"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown sandbox mode 'on': expected one of required, auto, off");
    }

    @Test
    void autoWithoutBubblewrapFallsBackToProcessIsolationAndSaysWhy() {
        Sandbox sandbox = Sandbox.detect(SandboxMode.AUTO, NO_BUBBLEWRAP);

        assertThat(sandbox.isolation()).isEqualTo(Isolation.PROCESS);
        assertThat(sandbox.why()).contains("/nonexistent/bin/bwrap", "apt-get install bubblewrap");
    }

    @Test
    void requiredWithoutBubblewrapRefusesWithTheSameReason() {
        assertThatThrownBy(() -> Sandbox.detect(SandboxMode.REQUIRED, NO_BUBBLEWRAP))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("/nonexistent/bin/bwrap")
                .hasMessageContaining("apt-get install bubblewrap");
    }

    @Test
    void aBubblewrapThatFailsIsQuotedInTheReason() throws IOException {
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        Path directory = Files.createTempDirectory(target, "broken-bwrap");
        try {
            Path broken = directory.resolve("bwrap");
            Files.writeString(broken, "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n");
            Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));

            Sandbox sandbox = Sandbox.detect(SandboxMode.AUTO, broken);

            assertThat(sandbox.isolation()).isEqualTo(Isolation.PROCESS);
            assertThat(sandbox.why()).startsWith("bubblewrap could not run a command (exit 1): "
                    + "bwrap: No permissions to create new namespace");
        } finally {
            GradingTemp.delete(directory);
        }
    }

    @Test
    void offIsProcessIsolationBecauseItWasAskedFor() {
        Sandbox sandbox = Sandbox.detect(SandboxMode.OFF);

        assertThat(sandbox.isolation()).isEqualTo(Isolation.PROCESS);
        assertThat(sandbox.why()).startsWith("--sandbox off");
        assertThat(sandbox.isolation().description()).startsWith("process isolation only");
    }

    @Test
    void aSlotOutOfRangeIsNamed() {
        assertThatThrownBy(() -> Sandbox.Spec.of(List.of("true"), Path.of("/tmp/work")).withSlot(1000))
                .hasMessage("sandbox slot must be between 0 and 999, was 1000");
        assertThatThrownBy(() -> Sandbox.Spec.of(List.of("true"), Path.of("work")))
                .hasMessage("work directory work is not absolute");
    }
}
