package io.roistream.coordinator.training;

import io.roistream.events.DeadLetter;
import io.roistream.events.TrainingTrigger;
import io.roistream.schemas.Topics;
import io.roistream.schemas.TrainingTriggers;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the training trigger out of a dead letter: a letter of {@code roi.training-triggers} with
 * its payload inline holds the trigger a trainer refused, so the coordinator can release the
 * backbone instead of waiting for its in-flight timeout. Other letters, manual requests and
 * payloads that do not decode give nothing (the latter logged).
 */
final class DeadTriggers {

    private static final Logger LOG = LoggerFactory.getLogger(DeadTriggers.class);

    private final Deserializer<TrainingTrigger> triggers;

    DeadTriggers(Map<String, ?> serdeConfig) {
        this.triggers = Topics.TRAINING_TRIGGERS.valueSerde(serdeConfig).deserializer();
    }

    /** The trigger {@code letter} carries, if it is a dead-lettered training trigger. */
    Optional<TrainingTrigger> trigger(DeadLetter letter) {
        if (letter == null || !Topics.TRAINING_TRIGGERS.name().equals(letter.getOriginalTopic())
                || letter.getPayload() == null) {
            return Optional.empty();
        }
        ByteBuffer view = letter.getPayload().duplicate();
        byte[] payload = new byte[view.remaining()];
        view.get(payload);
        try {
            TrainingTrigger trigger = triggers.deserialize(Topics.TRAINING_TRIGGERS.name(), payload);
            return trigger == null || TrainingTriggers.isManualRequest(trigger) ? Optional.empty() : Optional.of(trigger);
        } catch (RuntimeException e) {
            LOG.warn("Dead letter of {}/{}/{} holds no readable trigger: {}", letter.getOriginalTopic(),
                    letter.getPartition(), letter.getOffset(), e.toString());
            return Optional.empty();
        }
    }
}
