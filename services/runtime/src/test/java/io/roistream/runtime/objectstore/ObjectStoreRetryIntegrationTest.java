package io.roistream.runtime.objectstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.runtime.retry.RetryPolicy;
import io.roistream.runtime.retry.TransientFailure;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries against a real S3Proxy that is stopped, and started again while the client waits. */
class ObjectStoreRetryIntegrationTest {

    private static final String ACCESS = "retry-access";
    private static final String SECRET = "retry-secret-key";

    private S3Proxy server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private S3Proxy startServer(int port) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("transient", new Properties()))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if ("FAILED".equals(proxy.getState()) || System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("S3Proxy on port " + port + " did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return proxy;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ObjectStoreSettings settings(int port, int attempts) {
        return new ObjectStoreSettings("http://127.0.0.1:" + port, ACCESS, SECRET, "us-east-1", Duration.ofSeconds(1),
                Duration.ofSeconds(5), new RetryPolicy(attempts, Duration.ofMillis(50), Duration.ofMillis(200), 2.0));
    }

    @Test
    void stoppedServerIsRetriedThenReportedUnavailable() throws Exception {
        int port = freePort();
        server = startServer(port);
        List<Integer> failedAttempts = new ArrayList<>();
        List<Duration> pauses = new ArrayList<>();
        try (ObjectStore store = ObjectStore.connect(settings(port, 4), (operation, attempt, failure, pause) -> {
            failedAttempts.add(attempt);
            pauses.add(pause);
        })) {
            store.ensureBucket("images");
            server.stop();
            server = null;

            ObjectStoreUnavailableException error = assertThrows(ObjectStoreUnavailableException.class,
                    () -> store.getBytes(ObjectRef.parse("s3://images/a.png"), 100));

            assertEquals(4, error.attempts());
            assertEquals(List.of(1, 2, 3), failedAttempts);
            assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200)), pauses);
            assertTrue(error.getMessage().contains("get s3://images/a.png"), error.getMessage());
            assertTrue(error.getMessage().contains("127.0.0.1:" + port), error.getMessage());
            assertTrue(error.getMessage().contains("after 4 attempts"), error.getMessage());
            assertInstanceOf(ConnectException.class, error.getCause());
            assertTrue(TransientFailure.isTransient(error));
        }
    }

    @Test
    void serverBackDuringTheRetriesLetsTheCallSucceed() throws Exception {
        int port = freePort();
        List<Integer> failedAttempts = new ArrayList<>();
        try (ObjectStore store = ObjectStore.connect(settings(port, 5), (operation, attempt, failure, pause) -> {
            failedAttempts.add(attempt);
            if (attempt == 2) {
                try {
                    server = startServer(port);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        })) {
            store.ensureBucket("images");
            ObjectRef ref = ObjectRef.parse("s3://images/b.png");
            store.put(ref, new byte[] {7, 8, 9}, "image/png");
            assertArrayEquals(new byte[] {7, 8, 9}, store.getBytes(ref, 10));
            assertEquals(List.of(1, 2), failedAttempts);
        }
    }

    @Test
    void closeStopsTheHttpDispatcherThreads() throws Exception {
        int port = freePort();
        server = startServer(port);
        Set<Thread> before = Thread.getAllStackTraces().keySet(); // other stores' threads are not ours
        try (ObjectStore store = ObjectStore.connect(settings(port, 1))) {
            store.ensureBucket("images");
            assertTrue(liveDispatcherThreads(before) > 0, "the SDK runs calls on OkHttp dispatcher threads");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (liveDispatcherThreads(before) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, liveDispatcherThreads(before), "dispatcher threads left after close");
    }

    private static long liveDispatcherThreads(Set<Thread> ignored) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !ignored.contains(thread))
                .filter(thread -> thread.isAlive() && !thread.isDaemon() && thread.getName().startsWith("OkHttp"))
                .count();
    }

    @Test
    void noRetryPolicyFailsAfterOneAttempt() throws Exception {
        int port = freePort();
        try (ObjectStore store = ObjectStore.connect(settings(port, 1).withRetry(RetryPolicy.noRetries()))) {
            ObjectStoreUnavailableException error = assertThrows(ObjectStoreUnavailableException.class,
                    () -> store.exists(ObjectRef.parse("s3://images/c.png")));
            assertEquals(1, error.attempts());
            assertTrue(error.getMessage().contains("after 1 attempt:"), error.getMessage());
        }
    }
}
