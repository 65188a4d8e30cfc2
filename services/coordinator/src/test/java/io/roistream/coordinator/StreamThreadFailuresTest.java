package io.roistream.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.runtime.config.ConfigException;
import io.roistream.runtime.config.Configuration;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** The rule for failed stream threads, on a clock the test moves. */
class StreamThreadFailuresTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final StreamThreadFailures failures =
            new StreamThreadFailures(new StreamThreadFailures.Limit(5, Duration.ofMinutes(10)), clock::get);

    @Test
    void aFailureRepeatedPastTheLimitWithinTheWindowStopsTheInstance() {
        for (int i = 1; i <= 5; i++) {
            StreamThreadFailures.Verdict verdict = failures.onFailure(boom());
            assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, verdict.response(), "failure " + i);
            clock.addAndGet(Duration.ofMinutes(1).toMillis());
        }
        assertEquals(5, failures.recentReplacements());
        StreamThreadFailures.Verdict sixth = failures.onFailure(boom());
        assertTrue(sixth.shutdown());
        assertTrue(sixth.detail().contains("5 replacement(s) within PT10M"), sixth.detail());
        assertTrue(sixth.detail().contains("IllegalArgumentException"), sixth.detail());
    }

    @Test
    void replacementsOlderThanTheWindowNoLongerCount() {
        for (int i = 0; i < 5; i++) {
            assertFalse(failures.onFailure(boom()).shutdown());
            clock.addAndGet(Duration.ofMinutes(2).toMillis());
        }
        // the first replacement happened exactly 10 minutes ago: out of the window
        assertEquals(4, failures.recentReplacements());
        assertFalse(failures.onFailure(boom()).shutdown());
        clock.addAndGet(Duration.ofMinutes(10).toMillis());
        assertEquals(0, failures.recentReplacements());
        assertFalse(failures.onFailure(boom()).shutdown(), "a failure now and then is replaced forever");
    }

    @Test
    void aMissingInputTopicStopsTheInstanceAtOnce() {
        StreamThreadFailures.Verdict verdict = failures.onFailure(
                new StreamsException(new MissingSourceTopicException("roi.pseudo-labels is missing")));
        assertTrue(verdict.shutdown());
        assertEquals(0, failures.recentReplacements());
    }

    @Test
    void aLimitOfZeroStopsOnTheFirstFailure() {
        StreamThreadFailures strict =
                new StreamThreadFailures(new StreamThreadFailures.Limit(0, Duration.ofMinutes(10)), clock::get);
        assertTrue(strict.onFailure(boom()).shutdown());
    }

    @Test
    void theLimitIsConfiguredLikeTheOtherCoordinatorSettings() {
        CoordinatorSettings defaults = CoordinatorSettings.fromConfiguration(configuration(Map.of()));
        assertEquals(new StreamThreadFailures.Limit(5, Duration.ofMinutes(10)), defaults.threadReplacements());

        CoordinatorSettings flags = CoordinatorSettings.fromConfiguration(Configuration.load(
                List.of("--coordinator.thread-replacements.max=2", "--coordinator.thread-replacements.window=30s"),
                Map.of(), base(Map.of())));
        assertEquals(new StreamThreadFailures.Limit(2, Duration.ofSeconds(30)), flags.threadReplacements());

        assertThrows(ConfigException.class, () -> CoordinatorSettings.fromConfiguration(
                configuration(Map.of("coordinator.thread-replacements.window", "0s"))));
        assertThrows(ConfigException.class, () -> CoordinatorSettings.fromConfiguration(
                configuration(Map.of("coordinator.thread-replacements.max", "-1"))));
    }

    private static Configuration configuration(Map<String, String> overrides) {
        return Configuration.load(List.of(), Map.of(), base(overrides));
    }

    private static Map<String, String> base(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(CoordinatorSettings.processDefaults());
        values.put("kafka.bootstrap-servers", "unused:9092");
        values.put("schema.registry.url", "http://unused:8081");
        values.putAll(overrides);
        return values;
    }

    private static RuntimeException boom() {
        return new StreamsException(new IllegalArgumentException("Object key '/x' starts with '/'"));
    }
}
