package io.roistream.schemas.serde;

/**
 * The topic-name subject strategy, the Confluent default: a topic's keys are registered under
 * {@code <topic>-key} and its values under {@code <topic>-value}.
 */
public final class SubjectNames {

    private SubjectNames() {
    }

    /** The subject under which a topic's key or value schemas are registered. */
    public static String forTopic(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
