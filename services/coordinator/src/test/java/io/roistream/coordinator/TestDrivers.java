package io.roistream.coordinator;

import io.roistream.runtime.config.Configuration;
import io.roistream.schemas.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/** TopologyTestDriver set-up with the coordinator's real Streams configuration and serdes. */
public final class TestDrivers {

    private TestDrivers() {
    }

    /**
     * Coordinator settings for tests: the defaults, the registry at {@code registryUrl}, local state
     * under {@code stateDir}, then {@code overrides}.
     */
    public static CoordinatorSettings settings(String registryUrl, Path stateDir, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(CoordinatorSettings.processDefaults());
        values.put("kafka.bootstrap-servers", "unused:9092");
        values.put("schema.registry.url", registryUrl);
        values.put("coordinator.state-dir", stateDir.toString());
        values.put("coordinator.training.partitions", "1");
        values.putAll(overrides);
        return CoordinatorSettings.fromConfiguration(Configuration.load(List.of(), Map.of(), values));
    }

    /** A driver of {@code topology} configured as the coordinator configures Kafka Streams, its wall clock at T0. */
    public static TopologyTestDriver start(Topology topology, CoordinatorSettings settings, CoordinatorMetrics metrics) {
        return start(topology, settings.streamsProperties(metrics));
    }

    /** A driver of {@code topology} configured with {@code properties}, its wall clock at T0. */
    public static TopologyTestDriver start(Topology topology, Properties properties) {
        return new TopologyTestDriver(topology, properties, TestEvents.T0);
    }

    /** An input topic writing {@code topic}'s records with its serdes. */
    public static <V> TestInputTopic<String, V> input(TopologyTestDriver driver, Topic<String, V> topic,
                                                      Map<String, ?> serdeConfig) {
        return driver.createInputTopic(topic.name(), topic.keySerde(serdeConfig).serializer(),
                topic.valueSerde(serdeConfig).serializer(), TestEvents.T0, Duration.ZERO);
    }

    /** An output topic reading {@code topic}'s records with its serdes. */
    public static <V> TestOutputTopic<String, V> output(TopologyTestDriver driver, Topic<String, V> topic,
                                                        Map<String, ?> serdeConfig) {
        return driver.createOutputTopic(topic.name(), topic.keySerde(serdeConfig).deserializer(),
                topic.valueSerde(serdeConfig).deserializer());
    }
}
