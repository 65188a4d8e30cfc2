package io.roistream.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void followsTheLoop() {
        Health health = new Health();
        assertEquals(new Health.Reading(HealthStatus.DOWN, "not started"), health.read());
        health.up("consuming");
        assertEquals(new Health.Reading(HealthStatus.UP, "consuming"), health.read());
        health.down("stopped");
        assertEquals(new Health.Reading(HealthStatus.DOWN, "stopped"), health.read());
    }

    @Test
    void aFailedPartKeepsItDownWhateverTheLoopSays() {
        Health health = new Health();
        health.up("consuming");
        health.fail("stopped following roi.checkpoints");
        health.up("consuming again");
        assertEquals(new Health.Reading(HealthStatus.DOWN, "stopped following roi.checkpoints"), health.read());
    }
}
