package io.roistream.stack;

/**
 * Where the services of a running stack answer, as a client needs them.
 *
 * @param bootstrapServers Kafka bootstrap servers, e.g. {@code 127.0.0.1:9092}
 * @param schemaRegistryUrl base URL of the Confluent-compatible schema registry API, e.g.
 *     {@code http://127.0.0.1:8081/apis/ccompat/v7}; {@code null} when the stack runs no registry
 * @param objectStoreEndpoint HTTP URL of the S3-compatible object store, e.g.
 *     {@code http://127.0.0.1:9000}; {@code null} when the stack runs no object store
 * @param objectStoreAccessKey S3 access key; {@code null} without an object store
 * @param objectStoreSecretKey S3 secret key; {@code null} without an object store
 */
public record StackEndpoints(
        String bootstrapServers,
        String schemaRegistryUrl,
        String objectStoreEndpoint,
        String objectStoreAccessKey,
        String objectStoreSecretKey) {}
