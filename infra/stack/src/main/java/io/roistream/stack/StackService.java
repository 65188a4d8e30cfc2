package io.roistream.stack;

/** The three services of the local stack, each run as its own process. */
public enum StackService {
    /** Single-node KRaft Kafka broker (combined broker and controller). */
    KAFKA("kafka", "Kafka broker"),
    /** S3Proxy on a filesystem store. */
    OBJECT_STORE("s3", "S3 object store (S3Proxy)"),
    /** Apicurio Registry serving the Confluent API. */
    REGISTRY("registry", "schema registry (Apicurio)");

    private final String id;
    private final String description;

    StackService(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** Short name used in file names and process markers, e.g. {@code kafka}. */
    public String id() {
        return id;
    }

    /** Human-readable name used in messages. */
    public String description() {
        return description;
    }
}
