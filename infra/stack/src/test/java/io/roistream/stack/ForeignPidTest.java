package io.roistream.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.stack.process.PidFile;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pid file naming a process that is not ours (pids get reused) never leads to stopping it. */
class ForeignPidTest {

    @TempDir
    Path dataDir;

    @Test
    void downLeavesAProcessWithoutOurMarkersAlone() throws IOException {
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            new PidFile(dataDir.resolve("run").resolve("kafka.pid")).write(stranger.pid());

            assertFalse(LocalStack.status(dataDir).service(StackService.KAFKA).running());
            assertEquals(StopOutcome.NOT_RUNNING, LocalStack.down(dataDir).get(StackService.KAFKA));
            assertTrue(stranger.isAlive(), "the stranger was stopped");
        } finally {
            stranger.destroyForcibly();
        }
    }
}
