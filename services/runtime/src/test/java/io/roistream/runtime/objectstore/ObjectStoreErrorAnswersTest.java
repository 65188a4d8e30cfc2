package io.roistream.runtime.objectstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.roistream.runtime.retry.RetryPolicy;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the client classifies S3 error answers, against an HTTP server that answers every request
 * with one S3 error document (the answers S3Proxy cannot be made to give: 5xx, access denied).
 */
class ObjectStoreErrorAnswersTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String answering(int status, String code) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + code
                    + " from the test server</Message><Resource>/images/a.png</Resource><RequestId>1</RequestId></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static ObjectStore client(String endpoint, int attempts) {
        return ObjectStore.connect(new ObjectStoreSettings(endpoint, "access", "secret-key", "us-east-1",
                Duration.ofSeconds(2), Duration.ofSeconds(5), new RetryPolicy(attempts, Duration.ofMillis(10),
                        Duration.ofMillis(20), 2.0)));
    }

    @Test
    void serverErrorsAreRetriedThenReportedUnavailable() throws Exception {
        try (ObjectStore store = client(answering(503, "SlowDown"), 3)) {
            ObjectStoreUnavailableException error = assertThrows(ObjectStoreUnavailableException.class,
                    () -> store.getBytes(ObjectRef.parse("s3://images/a.png"), 100));
            assertEquals(3, error.attempts());
            assertEquals(3, requests.get());
            assertTrue(error.getMessage().contains("SlowDown"), error.getMessage());
        }
    }

    @Test
    void accessDeniedIsRefusedAtOnce() throws Exception {
        try (ObjectStore store = client(answering(403, "AccessDenied"), 3)) {
            ObjectStoreRequestException error = assertThrows(ObjectStoreRequestException.class,
                    () -> store.getBytes(ObjectRef.parse("s3://images/a.png"), 100));
            assertEquals(1, requests.get());
            assertTrue(error.getMessage().contains("AccessDenied"), error.getMessage());
        }
    }

    @Test
    void noSuchKeyIsNotFoundAtOnce() throws Exception {
        try (ObjectStore store = client(answering(404, "NoSuchKey"), 3)) {
            assertThrows(ObjectNotFoundException.class, () -> store.getBytes(ObjectRef.parse("s3://images/a.png"), 100));
            assertEquals(1, requests.get());
        }
    }
}
