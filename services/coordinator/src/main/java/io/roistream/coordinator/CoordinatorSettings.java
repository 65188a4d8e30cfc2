package io.roistream.coordinator;

import io.roistream.coordinator.errors.DeadLetteringDeserializationHandler;
import io.roistream.coordinator.training.TrainingPolicy;
import io.roistream.runtime.config.ConfigException;
import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The coordinator's configuration (the object store reads its own {@code objectstore.*} keys).
 *
 * @param applicationId {@code coordinator.application-id}: the Kafka Streams application id, shared
 *     by every instance (it names the consumer group and the internal topics)
 * @param bootstrapServers {@code kafka.bootstrap-servers}
 * @param serdeConfig {@code schema.registry.url} plus every {@code serde.*} key without its prefix
 * @param stateDir {@code coordinator.state-dir}: local state; one directory per instance
 * @param streamThreads {@code coordinator.stream-threads}
 * @param standbyReplicas {@code coordinator.standby-replicas}: warm copies of each store on other instances
 * @param backboneId {@code coordinator.backbone-id}: the backbone questions are routed to
 * @param training {@code coordinator.training.*}: {@code new-labels} (N), {@code time-min-new-labels}
 *     (M), {@code time-limit}, {@code in-flight-timeout}, {@code check-interval}, {@code partitions},
 *     {@code manual-request-max-age}, {@code max-emissions}
 * @param questionRetention {@code coordinator.inference.question-retention}: how long a question
 *     waits for its answer in the latency join
 * @param threadReplacements {@code coordinator.thread-replacements.max} and {@code .window}: how many
 *     failed stream threads are replaced within the window before the instance stops
 *     ({@link StreamThreadFailures})
 * @param metricsHost {@code metrics.host}: where {@code /metrics} and {@code /health} listen
 * @param metricsPort {@code metrics.port}: their port, 0 for any free one
 * @param streamsOverrides every {@code kafka.streams.*} key without its prefix: extra Kafka Streams
 *     (and client) properties, e.g. {@code kafka.streams.replication.factor=3}; they cannot change
 *     the settings above, the processing guarantee or the deserialization handler
 */
public record CoordinatorSettings(String applicationId, String bootstrapServers, Map<String, Object> serdeConfig,
                                  Path stateDir, int streamThreads, int standbyReplicas, String backboneId,
                                  TrainingPolicy training, Duration questionRetention,
                                  StreamThreadFailures.Limit threadReplacements, String metricsHost,
                                  int metricsPort, Map<String, String> streamsOverrides) {

    /** The default backbone id (the backbone shipped with roistream). */
    public static final String DEFAULT_BACKBONE_ID = "roistream-default-backbone";

    /** Defaults of the coordinator's own keys. */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("coordinator.application-id", "roistream-coordinator"),
            Map.entry("coordinator.state-dir",
                    Path.of(System.getProperty("java.io.tmpdir"), "roistream-coordinator").toString()),
            Map.entry("coordinator.stream-threads", "1"),
            Map.entry("coordinator.standby-replicas", "0"),
            Map.entry("coordinator.backbone-id", DEFAULT_BACKBONE_ID),
            Map.entry("coordinator.training.new-labels", "200"),
            Map.entry("coordinator.training.time-min-new-labels", "20"),
            Map.entry("coordinator.training.time-limit", "10m"),
            Map.entry("coordinator.training.in-flight-timeout", "1h"),
            Map.entry("coordinator.training.check-interval", "1s"),
            Map.entry("coordinator.training.partitions", "3"),
            Map.entry("coordinator.training.manual-request-max-age", "1h"),
            Map.entry("coordinator.training.max-emissions", "3"),
            Map.entry("coordinator.inference.question-retention", "1h"),
            Map.entry("coordinator.thread-replacements.max", "5"),
            Map.entry("coordinator.thread-replacements.window", "10m"),
            Map.entry("metrics.host", "0.0.0.0"),
            Map.entry("metrics.port", "9403"));

    /** Copies the maps. */
    public CoordinatorSettings {
        serdeConfig = Map.copyOf(serdeConfig);
        streamsOverrides = Map.copyOf(streamsOverrides);
    }

    /** Every default a coordinator process starts from: {@link #DEFAULTS} and the object store's. */
    public static Map<String, String> processDefaults() {
        Map<String, String> defaults = new HashMap<>(ObjectStoreSettings.DEFAULTS);
        defaults.putAll(DEFAULTS);
        return defaults;
    }

    /**
     * Reads the settings.
     *
     * @throws ConfigException for a missing or malformed key, or thresholds that contradict each other
     */
    public static CoordinatorSettings fromConfiguration(Configuration config) {
        Map<String, Object> serde = new HashMap<>(config.withPrefix("serde."));
        serde.put("schema.registry.url", config.string("schema.registry.url"));
        TrainingPolicy training;
        try {
            training = new TrainingPolicy(config.integerAtLeast("coordinator.training.new-labels", 1),
                    config.integerAtLeast("coordinator.training.time-min-new-labels", 1),
                    config.duration("coordinator.training.time-limit"),
                    config.duration("coordinator.training.in-flight-timeout"),
                    config.duration("coordinator.training.check-interval"),
                    config.integerAtLeast("coordinator.training.partitions", 1),
                    config.duration("coordinator.training.manual-request-max-age"),
                    config.integerAtLeast("coordinator.training.max-emissions", 1));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Configuration keys coordinator.training.*: " + e.getMessage(), e);
        }
        StreamThreadFailures.Limit threadReplacements;
        try {
            threadReplacements = new StreamThreadFailures.Limit(
                    config.integerAtLeast("coordinator.thread-replacements.max", 0),
                    config.duration("coordinator.thread-replacements.window"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Configuration keys coordinator.thread-replacements.*: " + e.getMessage(), e);
        }
        return new CoordinatorSettings(config.string("coordinator.application-id"),
                config.string("kafka.bootstrap-servers"), serde, Path.of(config.string("coordinator.state-dir")),
                config.integerAtLeast("coordinator.stream-threads", 1),
                config.integerAtLeast("coordinator.standby-replicas", 0), config.string("coordinator.backbone-id"),
                training, config.duration("coordinator.inference.question-retention"), threadReplacements,
                config.string("metrics.host"),
                config.integerAtLeast("metrics.port", 0), config.withPrefix("kafka.streams."));
    }

    /**
     * The Kafka Streams configuration: exactly-once v2, the standby replicas and threads, the state
     * directory, the serde keys (which the dead-lettering handler reads) and the handler counting
     * in {@code metrics}, over the {@code kafka.streams.*} overrides.
     */
    public Properties streamsProperties(CoordinatorMetrics metrics) {
        Properties properties = new Properties();
        properties.putAll(streamsOverrides);
        properties.putAll(serdeConfig);
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetteringDeserializationHandler.class.getName());
        properties.put(DeadLetteringDeserializationHandler.METRICS_CONFIG, metrics);
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return properties;
    }
}
