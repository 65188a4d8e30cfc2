package io.roistream.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void flagsBeatEnvironmentBeatsFileBeatsDefaults() throws IOException {
        Path file = dir.resolve("worker.properties");
        Files.writeString(file, "a=file\nb=file\nc=file\n");
        Configuration config = Configuration.load(
                List.of("--a=flag", "--config.file", file.toString()),
                Map.of("ROISTREAM_A", "env", "ROISTREAM_B", "env"),
                Map.of("a", "default", "b", "default", "c", "default", "d", "default"));

        assertEquals("flag", config.string("a"));
        assertEquals(ConfigLayer.COMMAND_LINE, config.lookup("a").orElseThrow().layer());
        assertEquals("env", config.string("b"));
        assertEquals(ConfigLayer.ENVIRONMENT, config.lookup("b").orElseThrow().layer());
        assertEquals("file", config.string("c"));
        assertEquals(ConfigLayer.PROPERTIES_FILE, config.lookup("c").orElseThrow().layer());
        assertEquals("default", config.string("d"));
        assertEquals(ConfigLayer.DEFAULTS, config.lookup("d").orElseThrow().layer());
    }

    @Test
    void environmentVariableNamesUseUnderscoresForDotsAndDashes() {
        assertEquals("ROISTREAM_OBJECTSTORE_ENDPOINT", Configuration.environmentVariable("objectstore.endpoint"));
        assertEquals("ROISTREAM_KAFKA_BOOTSTRAP_SERVERS", Configuration.environmentVariable("kafka.bootstrap-servers"));
        Configuration config = Configuration.load(List.of(), Map.of("ROISTREAM_KAFKA_BOOTSTRAP_SERVERS", "h:1"), Map.of());
        assertEquals("h:1", config.string("kafka.bootstrap-servers"));
    }

    @Test
    void configFileCanBeNamedInTheEnvironment() throws IOException {
        Path file = dir.resolve("from-env.properties");
        Files.writeString(file, "batch.max-records=7\n");
        Configuration config = Configuration.load(List.of(), Map.of("ROISTREAM_CONFIG_FILE", file.toString()), Map.of());
        assertEquals(7, config.integer("batch.max-records"));
    }

    @Test
    void typedGettersParseUnitsAndSizes() {
        Configuration config = Configuration.load(List.of("--t1=250ms", "--t2=5s", "--t3=PT2M", "--s1=16MiB",
                "--s2=1024", "--b=TRUE", "--l=9000000000", "--x=0.25"), Map.of(), Map.of());
        assertEquals(Duration.ofMillis(250), config.duration("t1"));
        assertEquals(Duration.ofSeconds(5), config.duration("t2"));
        assertEquals(Duration.ofMinutes(2), config.duration("t3"));
        assertEquals(16L << 20, config.byteSize("s1"));
        assertEquals(1024L, config.byteSize("s2"));
        assertTrue(config.bool("b"));
        assertEquals(9_000_000_000L, config.longValue("l"));
        assertEquals(0.25, config.doubleValue("x"));
    }

    @Test
    void malformedValueErrorNamesTheKeyAndTheEnvironmentVariable() {
        Configuration config = Configuration.load(List.of(), Map.of("ROISTREAM_BATCH_SIZE", "many"), Map.of("batch.size", "10"));
        ConfigException error = assertThrows(ConfigException.class, () -> config.integer("batch.size"));
        assertTrue(error.getMessage().contains("'batch.size'"), error.getMessage());
        assertTrue(error.getMessage().contains("environment variable ROISTREAM_BATCH_SIZE"), error.getMessage());
        assertTrue(error.getMessage().contains("'many'"), error.getMessage());
    }

    @Test
    void enumValuesAreNamedInAnyCaseAndAnOtherNameListsTheConstants() {
        Configuration config = Configuration.load(List.of("--unit=seconds", "--other=fortnights"), Map.of(), Map.of());
        assertEquals(TimeUnit.SECONDS, config.enumValue("unit", TimeUnit.class));
        ConfigException error = assertThrows(ConfigException.class,
            () -> config.enumValue("other", TimeUnit.class));
        assertTrue(error.getMessage().contains("'fortnights'"), error.getMessage());
        assertTrue(error.getMessage().contains("SECONDS"), error.getMessage());
    }

    @Test
    void malformedValueErrorNamesThePropertiesFile() throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "poll.timeout=soon\n");
        Configuration config = Configuration.load(List.of("--config.file=" + file), Map.of(), Map.of());
        ConfigException error = assertThrows(ConfigException.class, () -> config.duration("poll.timeout"));
        assertTrue(error.getMessage().contains("properties file " + file), error.getMessage());
    }

    @Test
    void missingKeyErrorSaysHowToSetIt() {
        Configuration config = Configuration.load(List.of(), Map.of(), Map.of());
        ConfigException error = assertThrows(ConfigException.class, () -> config.string("objectstore.endpoint"));
        assertTrue(error.getMessage().contains("--objectstore.endpoint"), error.getMessage());
        assertTrue(error.getMessage().contains("ROISTREAM_OBJECTSTORE_ENDPOINT"), error.getMessage());
    }

    @Test
    void valueBelowMinimumIsRefused() {
        Configuration config = Configuration.load(List.of("--batch.max-records=0"), Map.of(), Map.of());
        ConfigException error = assertThrows(ConfigException.class, () -> config.integerAtLeast("batch.max-records", 1));
        assertTrue(error.getMessage().contains("command-line flag --batch.max-records"), error.getMessage());
    }

    @Test
    void notAFlagAndMissingFileAreRefused() {
        assertThrows(ConfigException.class, () -> Configuration.load(List.of("positional"), Map.of(), Map.of()));
        assertThrows(ConfigException.class, () -> Configuration.load(List.of("--dangling"), Map.of(), Map.of()));
        ConfigException missing = assertThrows(ConfigException.class, () -> Configuration.load(
                List.of("--config.file=" + dir.resolve("absent.properties")), Map.of(), Map.of()));
        assertTrue(missing.getMessage().contains("absent.properties"), missing.getMessage());
    }

    @Test
    void prefixGathersClientPropertiesFromEveryLayer() {
        Configuration config = Configuration.load(List.of("--kafka.producer.acks=all"),
                Map.of("ROISTREAM_KAFKA_PRODUCER_LINGER_MS", "5", "OTHER", "x"),
                Map.of("kafka.producer.acks", "1", "kafka.producer.compression.type", "lz4", "kafka.consumer.x", "y"));
        assertEquals(Map.of("acks", "all", "linger.ms", "5", "compression.type", "lz4"),
                config.withPrefix("kafka.producer."));
    }
}
