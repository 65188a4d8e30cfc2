package io.roistream.cli;

import io.roistream.runtime.objectstore.ObjectStoreLayout;
import io.roistream.schemas.Topics;
import io.roistream.stack.TopicSpec;
import java.util.List;

/** What roistream needs in a fresh stack: every {@code roi.*} topic and every bucket of the object-store layout. */
final class Provisioning {

    private Provisioning() {
    }

    static List<TopicSpec> topics(int partitions) {
        return Topics.all().stream()
                .map(topic -> new TopicSpec(topic.name(), partitions, topic.compacted()))
                .toList();
    }

    static List<String> buckets() {
        return ObjectStoreLayout.ALL_BUCKETS;
    }
}
