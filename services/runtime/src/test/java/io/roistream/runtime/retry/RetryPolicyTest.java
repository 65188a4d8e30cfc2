package io.roistream.runtime.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.runtime.config.ConfigException;
import io.roistream.runtime.config.Configuration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffGrowsExponentiallyUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(500), 2.0);
        assertEquals(Duration.ZERO, policy.backoffBefore(1));
        assertEquals(Duration.ofMillis(100), policy.backoffBefore(2));
        assertEquals(Duration.ofMillis(200), policy.backoffBefore(3));
        assertEquals(Duration.ofMillis(400), policy.backoffBefore(4));
        assertEquals(Duration.ofMillis(500), policy.backoffBefore(5));
        assertTrue(policy.allowsAnotherAfter(5));
        assertFalse(policy.allowsAnotherAfter(6));
    }

    @Test
    void invalidPoliciesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1), 2));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 0.5));
    }

    @Test
    void readsFromConfigurationUnderAPrefix() {
        Configuration config = Configuration.load(List.of("--x.retry.max-attempts=3"), Map.of(), Map.of(
                "x.retry.max-attempts", "9", "x.retry.initial-backoff", "10ms", "x.retry.max-backoff", "1s",
                "x.retry.multiplier", "3"));
        assertEquals(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1), 3.0),
                RetryPolicy.fromConfiguration(config, "x.retry"));
        Configuration zero = Configuration.load(List.of("--x.retry.max-attempts=0"), Map.of(), Map.of());
        assertThrows(ConfigException.class, () -> RetryPolicy.fromConfiguration(zero, "x.retry"));
    }

    @Test
    void transienceIsFoundAnywhereInTheCauseChain() {
        assertTrue(TransientFailure.isTransient(new RuntimeException(new TransientProcessingException("later"))));
        assertFalse(TransientFailure.isTransient(new RuntimeException(new IllegalStateException("never"))));
    }
}
