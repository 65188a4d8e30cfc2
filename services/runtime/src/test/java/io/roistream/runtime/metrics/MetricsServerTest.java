package io.roistream.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scrapes the metrics and health endpoints over HTTP. */
class MetricsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final WorkerMetrics metrics = new WorkerMetrics("labeler");
    private final Health health = new Health();
    private MetricsServer server;

    @BeforeEach
    void start() throws Exception {
        server = MetricsServer.start("127.0.0.1", 0, metrics, health);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsEndpointServesCountersHistogramsAndGaugesAsPrometheusText() throws Exception {
        metrics.recordsIn("roi.label-requests", 3);
        metrics.recordsOut("roi.pseudo-labels", 1);
        metrics.deadLettered("UNREADABLE");
        metrics.deadLettered("UNREADABLE");
        metrics.deadLettered("REJECTED");
        metrics.transactionAborted("transient");
        metrics.batchCommitted(3, Duration.ofMillis(12));
        metrics.consumerLag("roi.label-requests", 0, 42);
        metrics.processingStep(250_000_000L, 200_000_000L);
        metrics.processingStep(250_000_000L, -1);

        HttpResponse<String> response = get("/metrics");
        String text = response.body();
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), response.headers().toString());
        assertTrue(text.contains("roistream_records_in_total{stage=\"labeler\",topic=\"roi.label-requests\"} 3.0"), text);
        assertTrue(text.contains("roistream_records_out_total{stage=\"labeler\",topic=\"roi.pseudo-labels\"} 1.0"), text);
        assertTrue(text.contains("roistream_dead_letters_total{reason=\"UNREADABLE\",stage=\"labeler\"} 2.0"), text);
        assertTrue(text.contains("roistream_dead_letters_total{reason=\"REJECTED\",stage=\"labeler\"} 1.0"), text);
        assertTrue(text.contains("roistream_transactions_aborted_total{cause=\"transient\",stage=\"labeler\"} 1.0"), text);
        assertTrue(text.contains("roistream_batch_records_count{stage=\"labeler\"} 1"), text);
        assertTrue(text.contains("roistream_batch_records_sum{stage=\"labeler\"} 3.0"), text);
        assertTrue(text.contains("roistream_batch_duration_seconds_bucket{stage=\"labeler\",le=\"0.02\"} 1"), text);
        assertTrue(text.contains("roistream_consumer_lag_records{partition=\"0\",stage=\"labeler\",topic=\"roi.label-requests\"} 42.0"), text);
        assertTrue(text.contains("roistream_processing_busy_seconds_total{stage=\"labeler\"} 0.5"), text);
        assertTrue(text.contains("roistream_processing_cpu_seconds_total{stage=\"labeler\"} 0.2"), text);
    }

    @Test
    void healthFollowsTheLoop() throws Exception {
        HttpResponse<String> before = get("/health");
        assertEquals(503, before.statusCode());
        assertTrue(before.body().contains("\"status\":\"DOWN\""), before.body());
        assertTrue(before.body().contains("not started"), before.body());

        health.up("consuming roi.label-requests");
        HttpResponse<String> running = get("/health");
        assertEquals(200, running.statusCode());
        assertEquals("{\"status\":\"UP\",\"stage\":\"labeler\",\"detail\":\"consuming roi.label-requests\"}\n", running.body());

        health.down("stopped: \"fenced\"");
        HttpResponse<String> after = get("/health");
        assertEquals(503, after.statusCode());
        assertTrue(after.body().contains("stopped: \\\"fenced\\\""), after.body());
    }

    @Test
    void otherPathsAreNotFound() throws Exception {
        assertEquals(404, get("/nothing-here").statusCode());
    }
}
