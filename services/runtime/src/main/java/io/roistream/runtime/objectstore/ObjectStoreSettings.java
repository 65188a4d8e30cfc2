package io.roistream.runtime.objectstore;

import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.retry.RetryPolicy;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach the object store.
 *
 * @param endpoint HTTP(S) URL of the S3 API, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey S3 access key
 * @param secretKey S3 secret key
 * @param region the region to sign for (S3Proxy and MinIO accept {@code us-east-1})
 * @param connectTimeout TCP connect timeout of one attempt
 * @param requestTimeout read/write timeout of one attempt
 * @param retry retries of transient failures (connection refused, timeouts, 5xx)
 */
public record ObjectStoreSettings(String endpoint, String accessKey, String secretKey, String region,
                                  Duration connectTimeout, Duration requestTimeout, RetryPolicy retry) {

    /**
     * Configuration defaults of the keys read by {@link #fromConfiguration}, endpoint and keys
     * excepted, and of {@value ParallelTransfers#THREADS_KEY} (read by {@link ParallelTransfers}).
     */
    public static final Map<String, String> DEFAULTS = Map.of(
            "objectstore.region", "us-east-1",
            "objectstore.connect-timeout", "5s",
            "objectstore.request-timeout", "60s",
            "objectstore.retry.max-attempts", "5",
            "objectstore.retry.initial-backoff", "200ms",
            "objectstore.retry.max-backoff", "5s",
            "objectstore.retry.multiplier", "2.0",
            ParallelTransfers.THREADS_KEY, "3");

    /**
     * Reads {@code objectstore.endpoint}, {@code objectstore.access-key}, {@code objectstore.secret-key},
     * {@code objectstore.region}, {@code objectstore.connect-timeout}, {@code objectstore.request-timeout}
     * and {@code objectstore.retry.*} (see {@link RetryPolicy#fromConfiguration}).
     */
    public static ObjectStoreSettings fromConfiguration(Configuration config) {
        return new ObjectStoreSettings(config.string("objectstore.endpoint"), config.string("objectstore.access-key"),
                config.string("objectstore.secret-key"), config.string("objectstore.region"),
                config.duration("objectstore.connect-timeout"), config.duration("objectstore.request-timeout"),
                RetryPolicy.fromConfiguration(config, "objectstore.retry"));
    }

    /** The same settings with another retry policy. */
    public ObjectStoreSettings withRetry(RetryPolicy otherRetry) {
        return new ObjectStoreSettings(endpoint, accessKey, secretKey, region, connectTimeout, requestTimeout, otherRetry);
    }

    @Override
    public String toString() {
        return "ObjectStoreSettings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, region="
                + region + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + ", retry="
                + retry + "]";
    }
}
