package io.roistream.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two calls of the Confluent schema registry REST API these tests need, over plain HTTP. */
final class SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    SchemaRegistryClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Registers an Avro schema under {@code subject} and returns its id. */
    int register(String subject, String avroSchema) throws IOException, InterruptedException {
        String body = "{\"schema\":\"" + avroSchema.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/subjects/" + subject + "/versions"))
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return parseId(send(request));
    }

    /** The schema text stored under {@code id}, as the registry returns it (JSON). */
    String schemaById(int id) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + id)).GET().build());
    }

    private String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(request.method() + " " + request.uri() + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return response.body();
    }

    private static int parseId(String json) throws IOException {
        Matcher matcher = ID.matcher(json);
        if (!matcher.find()) {
            throw new IOException("No id in " + json);
        }
        return Integer.parseInt(matcher.group(1));
    }
}
