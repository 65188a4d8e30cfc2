package io.roistream.runtime.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.runtime.config.ConfigException;
import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.retry.RetryPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessingLoopSettingsTest {

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new HashMap<>(ProcessingLoopSettings.DEFAULTS);
        defaults.put("kafka.group-id", "labelers");
        return defaults;
    }

    @Test
    void readsEveryLayerAndPassesClientPropertiesThrough() {
        Configuration config = Configuration.load(
                List.of("--kafka.bootstrap-servers=b:9092", "--kafka.batch.max-records=8", "--kafka.producer.linger.ms=20"),
                Map.of("ROISTREAM_SCHEMA_REGISTRY_URL", "http://r:8080/apis/ccompat/v7",
                        "ROISTREAM_KAFKA_TRANSACTIONAL_ID", "labeler-0", "ROISTREAM_KAFKA_RETRY_MAX_ATTEMPTS", "5"),
                defaults());
        ProcessingLoopSettings settings = ProcessingLoopSettings.fromConfiguration(config, "labeler");
        assertEquals("b:9092", settings.bootstrapServers());
        assertEquals("labelers", settings.groupId());
        assertEquals("labeler-0", settings.transactionalId());
        assertEquals(8, settings.batchMaxRecords());
        assertEquals(Duration.ofMillis(200), settings.batchMaxWait());
        assertEquals(new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(10), 2.0), settings.retry());
        assertEquals(512 * 1024, settings.deadLetterInlineLimit());
        assertEquals(Map.of("linger.ms", "20"), settings.producerProperties());
        assertEquals("http://r:8080/apis/ccompat/v7", settings.serdeConfig().get("schema.registry.url"));
        assertTrue(settings.pipelined(), "pipelined by default");
        assertFalse(ProcessingLoopSettings.fromConfiguration(Configuration.load(List.of(
                "--kafka.bootstrap-servers=b:9092", "--schema.registry.url=http://r", "--kafka.batch.pipelined=false"),
                Map.of(), defaults()), "labeler").pipelined());
        assertFalse(settings.withPipelining(false).pipelined());
    }

    @Test
    void transactionalIdDefaultsToAUniqueIdPerInstance() {
        Configuration config = Configuration.load(List.of("--kafka.bootstrap-servers=b:9092", "--schema.registry.url=http://r"),
                Map.of(), defaults());
        String first = ProcessingLoopSettings.fromConfiguration(config, "trainer").transactionalId();
        String second = ProcessingLoopSettings.fromConfiguration(config, "trainer").transactionalId();
        assertTrue(first.startsWith("trainer-"), first);
        assertTrue(!first.equals(second), first + " twice");
    }

    @Test
    void missingBootstrapServersIsNamed() {
        Configuration config = Configuration.load(List.of("--schema.registry.url=http://r"), Map.of(), defaults());
        ConfigException error = assertThrows(ConfigException.class,
                () -> ProcessingLoopSettings.fromConfiguration(config, "inference"));
        assertTrue(error.getMessage().contains("ROISTREAM_KAFKA_BOOTSTRAP_SERVERS"), error.getMessage());
    }

    @Test
    void aDeadLetterInlineLimitTheProducerCouldNotSendIsRefused() {
        List<String> base = List.of("--kafka.bootstrap-servers=b:9092", "--schema.registry.url=http://r",
                "--kafka.dead-letter.inline-limit=1MiB");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ProcessingLoopSettings.fromConfiguration(Configuration.load(base, Map.of(), defaults()), "labeler"));
        assertTrue(error.getMessage().contains("max.request.size (1048576)"), error.getMessage());

        List<String> larger = new java.util.ArrayList<>(base);
        larger.add("--kafka.producer.max.request.size=4194304");
        assertEquals(1024 * 1024, ProcessingLoopSettings.fromConfiguration(
                Configuration.load(larger, Map.of(), defaults()), "labeler").deadLetterInlineLimit());
    }
}
