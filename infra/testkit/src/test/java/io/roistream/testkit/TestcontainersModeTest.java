package io.roistream.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;

/** Without a Docker engine the Testcontainers stack skips its test class, saying why. */
class TestcontainersModeTest {

    @Test
    void abortsWithTheReasonWhereNoDockerEngineRuns() {
        assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "a Docker engine runs here");

        TestAbortedException aborted = assertThrows(TestAbortedException.class,
                () -> ContainerStack.start(new StackRequest(1, true, true)));

        assertTrue(aborted.getMessage().contains("Docker engine not available"), aborted.getMessage());
    }
}
