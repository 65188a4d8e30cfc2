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
            assertTrue(service.hasExitHook());
            assertEquals(143, service.stop(Duration.ofSeconds(30)));
            assertFalse(service.isAlive());
            assertFalse(service.hasExitHook(), "a stopped child needs no exit hook");
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
            assertFalse(service.hasExitHook());
            assertFalse(service.isHealthy());
            assertFalse(Files.exists(marker));
        }
    }

    @Test
    void aChildIsStoppedWhenItsParentJvmIsTerminated() throws IOException {
        Path marker = dir.resolve("marker");
        Path pidFile = dir.resolve("child.pid");
        int parentPort = freePort();
        ServiceLaunch parentLaunch = new ServiceLaunch("parent", classpath(), ParentMain.class.getName(), List.of(),
                ServiceLaunch.flags(Map.of("child.port", Integer.toString(freePort()), "marker", marker.toString(),
                        "pid.file", pidFile.toString(), "child.log", dir.resolve("logs/child.log").toString())),
                parentPort, dir.resolve("logs/parent.log"));
        try (ServiceProcess parent = ServiceProcess.start(parentLaunch)) {
            long deadline = System.nanoTime() + START.toNanos();
            while (!Files.exists(pidFile) || Files.readString(pidFile).isEmpty()) {
                assertTrue(parent.isAlive(), () -> "the parent exited; see " + parentLaunch.logFile());
                assertTrue(System.nanoTime() < deadline, "no child pid after " + START);
                sleep(Duration.ofMillis(200));
            }
            long childPid = Long.parseLong(Files.readString(pidFile).trim());
            try {
                assertTrue(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false));
                assertEquals(143, parent.stop(Duration.ofSeconds(40)), "the parent obeys SIGTERM after its hooks ran");
                assertFalse(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false),
                        "child " + childPid + " outlived its parent");
                assertEquals("stopped", Files.readString(marker), "the child was sent SIGTERM, its shutdown hook ran");
            } finally {
                ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly); // a failed run leaves none
            }
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
        return new ServiceLaunch("healthy", classpath(), HealthyMain.class.getName(), List.of(),
                ServiceLaunch.flags(all), port, dir.resolve("logs/healthy.log"));
    }

    private static List<Path> classpath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
