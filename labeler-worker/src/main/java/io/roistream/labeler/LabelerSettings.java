package io.roistream.labeler;

import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.images.ImageLimits;
import io.roistream.runtime.kafka.ProcessingLoopSettings;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import java.util.HashMap;
import java.util.Map;

/**
 * The labeler's own configuration (the loop, object store and image limits read theirs):
 *
 * @param backbone {@code model.backbone}: {@value #SHIPPED_BACKBONE} for the backbone shipped in
 *     the model module, or a folder holding a backbone manifest and its weights
 * @param device {@code model.device}: the DJL device, {@code cpu}, {@code gpu}, {@code gpu0}...
 * @param threads {@code model.threads}: PyTorch intra-op threads
 * @param metricsHost {@code metrics.host}: where {@code /metrics} and {@code /health} listen
 * @param metricsPort {@code metrics.port}: their port, 0 for any free one
 */
public record LabelerSettings(String backbone, String device, int threads, String metricsHost, int metricsPort) {

    /** {@code model.backbone} value naming the backbone shipped in the model module. */
    public static final String SHIPPED_BACKBONE = DefaultBackbone.SHIPPED;

    /** Defaults of the labeler's keys, and where it differs from the runtime's defaults. */
    public static final Map<String, String> DEFAULTS = Map.of(
        "model.backbone", SHIPPED_BACKBONE,
        "model.device", "cpu",
        "model.threads", "2",
        "metrics.host", "0.0.0.0",
        "metrics.port", "9400",
        "kafka.group-id", "labelers",
        "kafka.batch.max-records", "8");

    /** Every default a labeler process starts from: the loop's, the object store's, the image limits' and its own. */
    public static Map<String, String> processDefaults() {
        Map<String, String> defaults = new HashMap<>();
        defaults.putAll(ProcessingLoopSettings.DEFAULTS);
        defaults.putAll(ObjectStoreSettings.DEFAULTS);
        defaults.putAll(ImageLimits.DEFAULTS);
        defaults.putAll(DEFAULTS);
        return defaults;
    }

    /** Reads {@code model.backbone}, {@code model.device}, {@code model.threads}, {@code metrics.host}, {@code metrics.port}. */
    public static LabelerSettings fromConfiguration(Configuration config) {
        return new LabelerSettings(config.string("model.backbone"), config.string("model.device"),
            config.integerAtLeast("model.threads", 1), config.string("metrics.host"),
            config.integerAtLeast("metrics.port", 0));
    }

    /** Whether {@link #backbone} names the shipped backbone rather than a folder. */
    public boolean shippedBackbone() {
        return SHIPPED_BACKBONE.equals(backbone);
    }
}
