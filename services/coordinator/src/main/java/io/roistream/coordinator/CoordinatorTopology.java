package io.roistream.coordinator;

import io.roistream.coordinator.checkpoints.CheckpointCatalog;
import io.roistream.coordinator.inference.InferenceTopology;
import io.roistream.coordinator.training.ManifestStore;
import io.roistream.coordinator.training.TrainingTopology;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/**
 * The whole coordinator in one topology: the {@link CheckpointCatalog} (a global store both parts
 * read; {@code roi.checkpoints} may feed only one source), {@link TrainingTopology} and
 * {@link InferenceTopology}.
 */
public final class CoordinatorTopology {

    private CoordinatorTopology() {
    }

    /** The coordinator's topology for {@code settings}, writing manifests to {@code manifests}. */
    public static Topology buildTopology(CoordinatorSettings settings, ManifestStore manifests,
                                         CoordinatorMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        CheckpointCatalog.addTo(builder, settings.serdeConfig());
        TrainingTopology.addTo(builder, settings.training(), settings.serdeConfig(), manifests, metrics);
        InferenceTopology.addTo(builder, settings.backboneId(), settings.questionRetention(), settings.serdeConfig(),
                metrics);
        return builder.build();
    }
}
