package io.roistream.runtime.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP endpoints of a worker: {@code /metrics} (Prometheus text format) and {@code /health}
 * ({@code 200} with {@code {"status":"UP",...}} while the loop runs, {@code 503} with
 * {@code "DOWN"} otherwise). Close it to free the port.
 */
public final class MetricsServer implements AutoCloseable {

    /** The path of the health endpoint. */
    public static final String HEALTH_PATH = "/health";
    /** The path of the metrics endpoint. */
    public static final String METRICS_PATH = "/metrics";

    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /** Serves {@code metrics} and {@code health} on {@code host:port} ({@code port} 0 picks a free one). */
    public static MetricsServer start(String host, int port, WorkerMetrics metrics, Health health) throws IOException {
        HTTPServer server = HTTPServer.builder()
                .hostname(host)
                .port(port)
                .registry(metrics.registry())
                .metricsHandlerPath(METRICS_PATH)
                .defaultHandler(exchange -> answerHealth(exchange, metrics.stage(), health))
                .buildAndStart();
        return new MetricsServer(server);
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }

    private static void answerHealth(HttpExchange exchange, String stage, Health health) throws IOException {
        try (exchange) {
            if (!HEALTH_PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "text/plain; charset=utf-8", "Not found; try " + HEALTH_PATH + " or " + METRICS_PATH + "\n");
                return;
            }
            Health.Reading reading = health.read();
            String body = "{\"status\":\"" + reading.status() + "\",\"stage\":\"" + json(stage) + "\",\"detail\":\""
                    + json(reading.detail()) + "\"}\n";
            send(exchange, reading.status() == HealthStatus.UP ? 200 : 503, "application/json", body);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String json(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
