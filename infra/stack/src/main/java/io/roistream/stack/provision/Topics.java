package io.roistream.stack.provision;

import io.roistream.stack.StackException;
import io.roistream.stack.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Kafka topics with the Admin client, leaving topics that already exist as they are. */
public final class Topics {

    private static final long TIMEOUT_SECONDS = 60;

    private Topics() {}

    /**
     * Creates each topic that does not exist yet.
     *
     * @param replicationFactor replication factor of the new topics
     */
    public static void ensure(String bootstrapServers, List<TopicSpec> topics, short replicationFactor) {
        if (topics.isEmpty()) {
            return;
        }
        List<NewTopic> newTopics = topics.stream().map(spec -> toNewTopic(spec, replicationFactor)).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                awaitCreated(result.getKey(), result.getValue());
            }
        }
    }

    private static NewTopic toNewTopic(TopicSpec spec, short replicationFactor) {
        NewTopic topic = new NewTopic(spec.name(), spec.partitions(), replicationFactor);
        return spec.compacted()
                ? topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                : topic;
    }

    private static void awaitCreated(String name, KafkaFuture<Void> future) {
        try {
            future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new StackException("Cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new StackException("Creating topic " + name + " took longer than " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while creating topic " + name, e);
        }
    }
}
