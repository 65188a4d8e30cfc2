package io.roistream.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's handling of HTTP answers a real registry cannot be made to give on demand (a 500,
 * a non-JSON body), served by a tiny HTTP server; the happy paths run against a real registry in
 * the integration tests.
 */
class RegistryRestClientTest {

    private HttpServer server;
    private final AtomicReference<String> seenAuthorization = new AtomicReference<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/failing/schemas/ids/7", exchange -> {
            seenAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            respond(exchange, 500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");
        });
        server.createContext("/proxy/schemas/ids/7", exchange -> respond(exchange, 502, "<html>Bad Gateway</html>"));
        server.createContext("/ok/subjects/roi.questions-value/versions",
                exchange -> respond(exchange, 200, "{\"id\":12}"));
        server.createContext("/expired/schemas/ids/7", exchange -> respond(exchange, 401, "{\"message\":\"Unauthorized\"}"));
        server.createContext("/busy/schemas/ids/7", exchange -> respond(exchange, 429, ""));
        server.createContext("/maintenance/schemas/ids/7", exchange -> respond(exchange, 200, "<html>back soon</html>"));
        server.createContext("/wrong-path/schemas/ids/7", exchange -> respond(exchange, 404, "<html>Not Found</html>"));
        server.createContext("/unknown/schemas/ids/7",
                exchange -> respond(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
        server.createContext("/not-avro/schemas/ids/7", exchange -> respond(exchange, 200,
                "{\"schema\":\"message Question { string id = 1; }\",\"schemaType\":\"PROTOBUF\"}"));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void serverErrorNamesStatusCodeCallAndMessage() {
        RegistryRestClient client = client("/failing", Optional.of("alice:secret"));
        RegistryException error = assertThrows(RegistryException.class, () -> client.schemaById(7));
        assertEquals(500, error.httpStatus());
        assertEquals(50001, error.errorCode());
        assertTrue(error.getMessage().contains("HTTP 500 (error_code 50001) when trying to fetch schema id 7"),
                error.getMessage());
        assertTrue(error.getMessage().contains("Error in the backend data store"), error.getMessage());
        assertEquals("Basic YWxpY2U6c2VjcmV0", seenAuthorization.get());
    }

    @Test
    void failuresOfTheRegistryOrItsAccessAreOutagesAnswersAboutTheSchemaAreNot() {
        for (String outage : List.of("/failing", "/proxy", "/expired", "/busy", "/maintenance", "/wrong-path")) {
            RegistryException error = assertThrows(RegistryException.class,
                    () -> client(outage, Optional.empty()).schemaById(7), outage);
            assertTrue(error.isOutage(), outage + ": " + error.getMessage());
        }
        RegistryException unknown = assertThrows(RegistryException.class,
                () -> client("/unknown", Optional.empty()).schemaById(7));
        assertEquals(40403, unknown.errorCode());
        assertFalse(unknown.isOutage(), "an unknown schema id is the record's fault");
    }

    @Test
    void aSchemaThatIsNotAvroIsTheRecordsFaultNotAnOutage() {
        CachedSchemaRegistry registry = new CachedSchemaRegistry(client("/not-avro", Optional.empty()));
        RegistryException error = assertThrows(RegistryException.class, () -> registry.schemaById(7));
        assertFalse(error.isOutage(), error.getMessage());
        assertTrue(error.getMessage().contains("schema id 7 is not an Avro schema"), error.getMessage());
    }

    @Test
    void nonJsonErrorBodyIsQuoted() {
        RegistryException error = assertThrows(RegistryException.class,
                () -> client("/proxy", Optional.empty()).schemaById(7));
        assertEquals(502, error.httpStatus());
        assertEquals(RegistryException.NONE, error.errorCode());
        assertTrue(error.getMessage().contains("<html>Bad Gateway</html>"), error.getMessage());
    }

    @Test
    void closedPortIsUnreachableAndTheNextUrlIsTried() throws IOException {
        URI closed = closedPortUrl();
        RegistryRestClient onlyClosed = new RegistryRestClient(List.of(closed), Optional.empty(),
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        RegistryException error = assertThrows(RegistryException.class, () -> onlyClosed.schemaById(7));
        assertEquals(RegistryException.NONE, error.httpStatus());
        assertTrue(error.getMessage().startsWith("schema registry unreachable at [" + closed + "]"), error.getMessage());
        assertTrue(error.getMessage().contains("ConnectException"), error.getMessage());

        RegistryRestClient withFallback = new RegistryRestClient(List.of(closed, baseUrl("/ok")), Optional.empty(),
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertEquals(12, withFallback.register("roi.questions-value", "\"string\""));
    }

    private RegistryRestClient client(String path, Optional<String> userInfo) {
        return new RegistryRestClient(List.of(baseUrl(path)), userInfo, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private URI baseUrl(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    static URI closedPortUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
