package io.roistream.schemas.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.InterruptException;

/**
 * Minimal client of the Confluent Schema Registry REST API (also served by Apicurio under
 * {@code /apis/ccompat/v7} and by Karapace): register and look up Avro schemas, fetch a schema by
 * id, and manage and test subject compatibility. No caching here: see the serdes for that.
 *
 * <p>When several base URLs are configured, a call that cannot connect is retried on the next;
 * an HTTP error answer is not retried. Every failure is a {@link RegistryException} naming the
 * call, the URL and the cause.
 */
public final class RegistryRestClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUrls;
    private final Optional<String> authorization;
    private final Duration readTimeout;
    private final HttpClient http;

    /**
     * Creates a client for the given base URLs (for example
     * {@code http://host:8080/apis/ccompat/v7} for Apicurio, {@code http://host:8081} for Confluent).
     *
     * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, if the registry needs it
     */
    public RegistryRestClient(List<URI> baseUrls, Optional<String> basicAuthUserInfo,
                              Duration connectTimeout, Duration readTimeout) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one registry URL is required");
        }
        this.baseUrls = List.copyOf(baseUrls);
        this.authorization = basicAuthUserInfo.map(userInfo -> "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        this.readTimeout = readTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /** Creates a client from a serde configuration. */
    public static RegistryRestClient from(SerdeConfig config) {
        return new RegistryRestClient(config.registryUrls(), config.basicAuthUserInfo(),
                config.connectTimeout(), config.readTimeout());
    }

    /**
     * Registers an Avro schema under a subject ({@code POST /subjects/{subject}/versions}) and
     * returns its id; registering a schema already there returns the existing id.
     */
    public int register(String subject, String schemaJson) {
        JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schemaJson),
                "register a schema under subject '" + subject + "'");
        return requiredId(answer, subject);
    }

    /**
     * Returns the id of a schema already registered under a subject, without registering it
     * ({@code POST /subjects/{subject}}); a 404 {@link RegistryException} when it is not there.
     */
    public int lookup(String subject, String schemaJson) {
        JsonNode answer = send("POST", "/subjects/" + encode(subject), schemaBody(schemaJson),
                "look up a schema under subject '" + subject + "'");
        return requiredId(answer, subject);
    }

    /** Returns the schema text registered with an id ({@code GET /schemas/ids/{id}}). */
    public String schemaById(int id) {
        JsonNode answer = send("GET", "/schemas/ids/" + id, null, "fetch schema id " + id);
        JsonNode schema = answer.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new RegistryException("registry answer for schema id " + id + " has no schema: " + answer,
                    RegistryException.NONE, RegistryException.NONE);
        }
        return schema.asText();
    }

    /** Sets a subject's compatibility level ({@code PUT /config/{subject}}), e.g. {@code BACKWARD}. */
    public void setCompatibility(String subject, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        send("PUT", "/config/" + encode(subject), body,
                "set compatibility of subject '" + subject + "' to " + level);
    }

    /**
     * Asks the registry whether a schema is compatible with the latest version of a subject under
     * the subject's compatibility level
     * ({@code POST /compatibility/subjects/{subject}/versions/latest?verbose=true}).
     */
    public Compatibility testCompatibilityWithLatest(String subject, String schemaJson) {
        JsonNode answer = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                schemaBody(schemaJson), "test compatibility with subject '" + subject + "'");
        JsonNode compatible = answer.get("is_compatible");
        if (compatible == null || !compatible.isBoolean()) {
            throw new RegistryException("registry compatibility answer for subject '" + subject
                    + "' has no is_compatible flag: " + answer, RegistryException.NONE, RegistryException.NONE);
        }
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(message -> messages.add(message.asText()));
        if (answer.path("reason").isTextual()) {
            messages.add(answer.get("reason").asText());
        }
        return new Compatibility(compatible.booleanValue(), List.copyOf(messages));
    }

    /**
     * A registry's compatibility verdict.
     *
     * @param compatible whether the schema is compatible
     * @param messages   the reasons the registry gives, if any: Confluent's verbose {@code messages},
     *                   or Apicurio's single {@code reason}
     */
    public record Compatibility(boolean compatible, List<String> messages) {
    }

    private JsonNode send(String method, String path, JsonNode body, String what) {
        IOException lastFailure = null;
        for (URI base : baseUrls) {
            URI uri = URI.create(base + path);
            HttpRequest request = request(method, uri, body);
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                return answer(response, what);
            } catch (IOException e) {
                lastFailure = e;
            } catch (InterruptedException e) {
                throw new InterruptException("interrupted while trying to " + what, e);
            }
        }
        throw new RegistryException("schema registry unreachable at " + baseUrls + " (could not " + what + "): "
                + describe(lastFailure), lastFailure);
    }

    private HttpRequest request(String method, URI uri, JsonNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(readTimeout)
                .header("Accept", ACCEPT);
        authorization.ifPresent(value -> builder.header("Authorization", value));
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
    }

    private static JsonNode answer(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status / 100 == 2 && body != null) {
            return body;
        }
        if (status / 100 == 2) {
            throw new RegistryException("schema registry answered HTTP " + status + " with a body that is not JSON"
                    + " when trying to " + what + " at " + response.uri(), status, RegistryException.NONE);
        }
        int errorCode = body != null && body.path("error_code").isInt() ? body.get("error_code").intValue()
                : RegistryException.NONE;
        String detail = body != null && body.path("message").isTextual() ? body.get("message").asText()
                : abbreviate(response.body());
        throw new RegistryException("schema registry answered HTTP " + status
                + (errorCode == RegistryException.NONE ? "" : " (error_code " + errorCode + ")")
                + " when trying to " + what + " at " + response.uri() + ": " + detail, status, errorCode);
    }

    private static int requiredId(JsonNode answer, String subject) {
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new RegistryException("registry answer for subject '" + subject + "' has no schema id: " + answer,
                    RegistryException.NONE, RegistryException.NONE);
        }
        return id.intValue();
    }

    private static JsonNode schemaBody(String schemaJson) {
        return JSON.createObjectNode().put("schema", schemaJson);
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            text.append(text.length() == 0 ? "" : " <- ").append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
