package io.roistream.testkit;

/**
 * What a test class asked for in its {@link WithEmbeddedStack} annotation.
 *
 * @param brokers number of Kafka brokers
 * @param registry whether to run the schema registry
 * @param objectStore whether to run the object store
 */
record StackRequest(int brokers, boolean registry, boolean objectStore) {

    /** Checks the broker count. */
    StackRequest {
        if (brokers < 1) {
            throw new IllegalArgumentException("@WithEmbeddedStack(brokers = " + brokers + "): at least 1 broker");
        }
    }

    static StackRequest of(WithEmbeddedStack annotation) {
        return new StackRequest(annotation.brokers(), annotation.registry(), annotation.objectStore());
    }
}
