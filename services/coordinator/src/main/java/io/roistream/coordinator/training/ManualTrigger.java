package io.roistream.coordinator.training;

import io.roistream.events.TrainingTrigger;
import io.roistream.events.TriggerReason;
import io.roistream.schemas.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Manual training requests, for the command line. A request is a {@link TrainingTrigger} on
 * {@code roi.training-triggers} with reason MANUAL and an <em>empty</em> {@code manifestUri}, keyed
 * and identified by a request id ({@code manual-<uuid>}). The coordinator reads them from that topic
 * and, when no training of the backbone is in flight and its label set holds a usable label,
 * issues a real MANUAL trigger (its own trigger id, a manifest of every usable label); otherwise it
 * logs and counts the request as ignored. Trainers skip requests
 * ({@link io.roistream.schemas.TrainingTriggers#isManualRequest}).
 */
public final class ManualTrigger {

    private static final String REQUEST_PREFIX = "manual-";

    private ManualTrigger() {
    }

    /** A request to train {@code backboneId} now, with id {@code requestId}, made at {@code now}. */
    public static TrainingTrigger request(String backboneId, String requestId, Instant now) {
        return TrainingTrigger.newBuilder().setTriggerId(requestId).setBackboneId(backboneId).setManifestUri("")
                .setLabelCount(0).setReason(TriggerReason.MANUAL).setBaseCheckpointVersion(null).setCreatedAt(now)
                .build();
    }

    /**
     * Publishes a request to train {@code backboneId} and waits until the broker has it.
     *
     * @param bootstrapServers Kafka bootstrap servers
     * @param serdeConfig the serde configuration ({@code schema.registry.url}...)
     * @return the request id
     * @throws IllegalStateException when the broker does not take the request
     */
    public static String publish(String bootstrapServers, Map<String, ?> serdeConfig, String backboneId) {
        String requestId = REQUEST_PREFIX + UUID.randomUUID();
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, TrainingTrigger> producer = new KafkaProducer<>(properties,
                Topics.TRAINING_TRIGGERS.keySerde(serdeConfig).serializer(),
                Topics.TRAINING_TRIGGERS.valueSerde(serdeConfig).serializer())) {
            producer.send(new ProducerRecord<>(Topics.TRAINING_TRIGGERS.name(), requestId,
                    request(backboneId, requestId, Instant.now()))).get();
            return requestId;
        } catch (ExecutionException e) {
            throw new IllegalStateException("The manual training request for " + backboneId + " was not published: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing a manual training request", e);
        }
    }
}
