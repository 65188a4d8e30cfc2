package io.roistream.cli.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

    private static final Duration START = Duration.ofMinutes(1);

    @TempDir Path dir;

    @Test
    void stopSendsSigtermSoTheShutdownHookRuns() throws IOException {
        Path marker = dir.resolve("marker");
        try (ServiceProcess service = ServiceProcess.start(launch(Map.of("marker", marker.toString())))) {
            service.awaitHealthy(START);
            assertTrue(service.isHealthy());
            assertTrue(ProcessHandle.of(service.pid()).isPresent());
            assertEquals(143, service.stop(Duration.ofSeconds(30)));
            assertFalse(service.isAlive());
            assertEquals("stopped", Files.readString(marker));
            assertTrue(Files.readString(service.logFile()).contains("up"));
        }
    }

    @Test
    void killEndsAtOnceWithoutTheShutdownHook() {
        Path marker = dir.resolve("marker");
        try (ServiceProcess service = ServiceProcess.start(launch(Map.of("marker", marker.toString())))) {
            service.awaitHealthy(START);
            assertEquals(137, service.kill());
            assertFalse(service.isAlive());
            assertFalse(service.isHealthy());
            assertFalse(Files.exists(marker));
        }
    }

    @Test
    void awaitHealthyReportsAnEarlyExitWithTheLog() {
        try (ServiceProcess service = ServiceProcess.start(launch(Map.of("fail", "true")))) {
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> service.awaitHealthy(START));
            assertTrue(failure.getMessage().contains("status 3"), failure.getMessage());
            assertTrue(failure.getMessage().contains(service.logFile().toString()), failure.getMessage());
        }
    }

    @Test
    void findsTheNearestParentPomAbove() throws IOException {
        Path root = Files.createDirectories(dir.resolve("checkout"));
        Files.writeString(root.resolve("pom.xml"), "<project><artifactId>roistream-parent</artifactId></project>");
        Path module = Files.createDirectories(root.resolve("services/cli/src"));
        Files.writeString(root.resolve("services/cli/pom.xml"), "<project><parent><artifactId>roistream-parent</artifactId></parent><artifactId>roistream-cli</artifactId></project>");
        assertEquals(root, RoistreamHome.findAbove(module).orElseThrow());
        Path built = RoistreamHome.findAbove(Path.of("").toAbsolutePath()).orElseThrow();
        assertTrue(Files.isDirectory(ServiceModule.COORDINATOR.folder(built)));
    }

    private ServiceLaunch launch(Map<String, String> flags) {
        int port = freePort();
        java.util.Map<String, String> all = new java.util.TreeMap<>(flags);
        all.put("metrics.port", Integer.toString(port));
        List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).toList();
        return new ServiceLaunch("healthy", classpath, HealthyMain.class.getName(), List.of(),
                ServiceLaunch.flags(all), port, dir.resolve("logs/healthy.log"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
