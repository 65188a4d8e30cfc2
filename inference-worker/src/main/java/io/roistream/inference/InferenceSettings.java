package io.roistream.inference;

import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.roi.CropGeometry;
import io.roistream.runtime.config.ConfigException;
import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.images.ImageLimits;
import io.roistream.runtime.kafka.ProcessingLoopSettings;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The inference worker's own configuration (the loop, object store and image limits read theirs):
 *
 * @param backbone {@code model.backbone}: {@value #SHIPPED_BACKBONE} for the backbone shipped in
 *     the model module, or a folder holding a backbone manifest and its weights
 * @param device {@code model.device}: the DJL device, {@code cpu}, {@code gpu}, {@code gpu0}...
 * @param threads {@code model.threads}: PyTorch intra-op threads
 * @param metricsHost {@code metrics.host}: where {@code /metrics} and {@code /health} listen
 * @param metricsPort {@code metrics.port}: their port, 0 for any free one
 * @param roiThreshold {@code roi.threshold}: tau when neither the question nor the checkpoint names one
 * @param cropGeometry where RoI crops are cut: {@code roi.crop-centring}, where a one-region crop is
 *     centred ({@code PROBABILITY_CENTROID} or {@code BOX}, the reference);
 *     {@code roi.crop-max-side-cells}, the largest side of such a crop in grid cells (0 for the whole
 *     RoI box, the reference); {@code roi.crop-multi-region}, what a RoI of several regions crops
 *     ({@code ATTENDED_REGION}, {@code STRONGEST_REGION} or {@code MASK}, the reference)
 * @param checkpointWait {@code checkpoints.wait}: how long a task waits for its unknown checkpoint
 *     version to appear on {@code roi.checkpoints} before it is dead-lettered
 * @param checkpointCacheSize {@code checkpoints.cache-size}: RPN versions kept loaded (least recently used goes)
 * @param checkpointMaxBytes {@code checkpoints.max-bytes}: largest checkpoint file downloaded
 * @param overlays {@code overlays.enabled}: whether answers that ran the RPN get an overlay picture
 */
public record InferenceSettings(String backbone, String device, int threads, String metricsHost, int metricsPort,
                                double roiThreshold, CropGeometry cropGeometry,
                                Duration checkpointWait, int checkpointCacheSize,
                                long checkpointMaxBytes, boolean overlays) {

    /** {@code model.backbone} value naming the backbone shipped in the model module. */
    public static final String SHIPPED_BACKBONE = DefaultBackbone.SHIPPED;

    /** Defaults of the worker's keys, and where it differs from the runtime's defaults. */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
        Map.entry("model.backbone", SHIPPED_BACKBONE),
        Map.entry("model.device", "cpu"),
        Map.entry("model.threads", "2"),
        Map.entry("metrics.host", "0.0.0.0"),
        Map.entry("metrics.port", "9401"),
        Map.entry("roi.threshold", "0.15"),
        Map.entry("roi.crop-centring", CropGeometry.DEFAULT.centring().name()),
        Map.entry("roi.crop-max-side-cells", Double.toString(CropGeometry.DEFAULT.maxSideCells())),
        Map.entry("roi.crop-multi-region", CropGeometry.DEFAULT.multiRegion().name()),
        Map.entry("checkpoints.wait", "5s"),
        Map.entry("checkpoints.cache-size", "3"),
        Map.entry("checkpoints.max-bytes", "256MiB"),
        Map.entry("overlays.enabled", "true"),
        Map.entry("kafka.group-id", "inference"),
        Map.entry("kafka.batch.max-records", "8"),
        Map.entry("kafka.batch.max-wait", "50ms"));

    /** Every default an inference process starts from: the loop's, the object store's, the image limits' and its own. */
    public static Map<String, String> processDefaults() {
        Map<String, String> defaults = new HashMap<>();
        defaults.putAll(ProcessingLoopSettings.DEFAULTS);
        defaults.putAll(ObjectStoreSettings.DEFAULTS);
        defaults.putAll(ImageLimits.DEFAULTS);
        defaults.putAll(DEFAULTS);
        return defaults;
    }

    /**
     * Reads the keys above; {@code roi.threshold} must lie strictly between 0 and 1,
     * {@code roi.crop-max-side-cells} must not be negative.
     */
    public static InferenceSettings fromConfiguration(Configuration config) {
        double tau = config.doubleValue("roi.threshold");
        if (!(tau > 0 && tau < 1)) {
            throw new ConfigException("roi.threshold must lie strictly between 0 and 1: "
                + config.lookup("roi.threshold").map(Object::toString).orElse(Double.toString(tau)));
        }
        double maxSideCells = config.doubleValue("roi.crop-max-side-cells");
        if (!(maxSideCells >= 0) || Double.isInfinite(maxSideCells)) {
            throw new ConfigException("roi.crop-max-side-cells must be a finite number of cells, 0 or more: "
                + maxSideCells);
        }
        return new InferenceSettings(config.string("model.backbone"), config.string("model.device"),
            config.integerAtLeast("model.threads", 1), config.string("metrics.host"),
            config.integerAtLeast("metrics.port", 0), tau,
            new CropGeometry(config.enumValue("roi.crop-centring", CropGeometry.Centring.class), maxSideCells,
                config.enumValue("roi.crop-multi-region", CropGeometry.MultiRegion.class)),
            config.duration("checkpoints.wait"),
            config.integerAtLeast("checkpoints.cache-size", 1), config.byteSize("checkpoints.max-bytes"),
            config.bool("overlays.enabled"));
    }

    /** Whether {@link #backbone} names the shipped backbone rather than a folder. */
    public boolean shippedBackbone() {
        return SHIPPED_BACKBONE.equals(backbone);
    }
}
