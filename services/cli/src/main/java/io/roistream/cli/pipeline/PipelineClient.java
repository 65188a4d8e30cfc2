package io.roistream.cli.pipeline;

import io.roistream.schemas.Topic;
import io.roistream.stack.StackEndpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What a user of the pipeline does with Kafka: publish events to a roistream topic and watch a
 * topic for the events that come back. Every topic and serde comes from
 * {@link io.roistream.schemas.Topics}.
 */
public final class PipelineClient {

    private final StackEndpoints endpoints;

    /** A client of the stack at {@code endpoints}. */
    public PipelineClient(StackEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** The serde configuration ({@code schema.registry.url}). */
    public Map<String, Object> serdeConfig() {
        return Map.of("schema.registry.url", endpoints.schemaRegistryUrl());
    }

    /** The Kafka bootstrap servers. */
    public String bootstrapServers() {
        return endpoints.bootstrapServers();
    }

    /** Publishes {@code events} (key -> value, in order) and waits until the broker has all of them. */
    public <V> void publish(Topic<String, V> topic, List<Map.Entry<String, V>> events) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(properties,
                topic.keySerde(serdeConfig()).serializer(), topic.valueSerde(serdeConfig()).serializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
            for (Map.Entry<String, V> event : events) {
                sent.add(producer.send(new ProducerRecord<>(topic.name(), event.getKey(), event.getValue())));
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + topic.name() + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic.name(), e);
        }
    }

    /**
     * Starts watching {@code topic} from its current end: the watch sees the (committed) events
     * published after this call returns.
     */
    public <V> TopicWatch<V> watch(Topic<String, V> topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(properties,
                topic.keySerde(serdeConfig()).deserializer(), topic.valueSerde(serdeConfig()).deserializer());
        try {
            return TopicWatch.fromEnd(topic.name(), consumer);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }
}
