package io.roistream.tests.pipeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a service's Prometheus {@code /metrics} text and sums samples of one metric. */
final class MetricsScrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MetricsScrape() {
    }

    /** The whole {@code /metrics} text of the service on {@code port}. */
    static String scrape(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /metrics on port " + port + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** How much {@code metric} (all its samples) grew from the scrape {@code before} to {@code after}. */
    static double increase(String before, String after, String metric) {
        return sum(after, metric, "") - sum(before, metric, "");
    }

    /** The sum of the samples of {@code metric} whose labels contain {@code labelFragment} (e.g. {@code status="READY"}). */
    static double sum(String text, String metric, String labelFragment) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(metric + "{") && line.contains(labelFragment)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
