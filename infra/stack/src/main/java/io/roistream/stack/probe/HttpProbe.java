package io.roistream.stack.probe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalInt;

/** Asks an HTTP endpoint for its status code, treating any failure to answer as "no answer". */
public final class HttpProbe {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private HttpProbe() {}

    /** The status code of {@code GET uri}, or empty if nothing answered within {@code timeout}. */
    public static OptionalInt status(URI uri, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            return OptionalInt.of(CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** Whether {@code GET uri} answers 200 within {@code timeout}. */
    public static boolean isOk(URI uri, Duration timeout) {
        OptionalInt status = status(uri, timeout);
        return status.isPresent() && status.getAsInt() == 200;
    }
}
