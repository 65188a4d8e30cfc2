package io.roistream.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.stack.probe.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up} refuses a busy port, naming the port and the service, before it starts anything. */
class BusyPortTest {

    @TempDir
    Path dataDir;

    @Test
    void busyRegistryPortFailsBeforeAnythingStarts() throws IOException {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(Ports.LOOPBACK, 0));
            StackConfig config = StackConfig.builder()
                    .dataDir(dataDir)
                    .kafkaPort(Ports.freePort())
                    .controllerPort(Ports.freePort())
                    .objectStorePort(Ports.freePort())
                    .registryPort(squatter.getLocalPort())
                    .build();

            PortInUseException error = assertThrows(PortInUseException.class,
                    () -> LocalStack.up(config, List.of(), List.of()));

            assertEquals(squatter.getLocalPort(), error.port());
            assertEquals(StackService.REGISTRY, error.service());
            assertTrue(error.getMessage().contains(Integer.toString(squatter.getLocalPort())), error.getMessage());
            assertTrue(error.getMessage().contains("schema registry"), error.getMessage());
            assertTrue(LocalStack.status(dataDir).allStopped());
            assertTrue(Files.notExists(dataDir.resolve("run")), "no pid file was written");
        }
    }
}
