package io.roistream.labeler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.runtime.config.ConfigException;
import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.kafka.ProcessingLoopSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelerSettingsTest {

    private static Configuration config(List<String> flags, Map<String, String> environment) {
        return Configuration.load(flags, environment, LabelerSettings.processDefaults());
    }

    @Test
    void defaultsRunTheShippedBackboneOnTheCpuInSmallBatches() {
        Configuration config = config(List.of("--kafka.bootstrap-servers=127.0.0.1:9092",
            "--schema.registry.url=http://127.0.0.1:8081/apis/ccompat/v7"), Map.of());
        LabelerSettings settings = LabelerSettings.fromConfiguration(config);
        assertEquals(new LabelerSettings("default", "cpu", 2, "0.0.0.0", 9400), settings);
        assertTrue(settings.shippedBackbone());
        ProcessingLoopSettings loop = ProcessingLoopSettings.fromConfiguration(config, LabelerWorker.STAGE);
        assertEquals("labelers", loop.groupId());
        assertEquals(8, loop.batchMaxRecords());
        assertTrue(loop.transactionalId().startsWith("labeler-"));
    }

    @Test
    void flagsOverTheEnvironmentOverDefaults() {
        LabelerSettings settings = LabelerSettings.fromConfiguration(config(
            List.of("--model.device=gpu0", "--metrics.port=0"),
            Map.of("ROISTREAM_MODEL_DEVICE", "cpu", "ROISTREAM_MODEL_THREADS", "4",
                "ROISTREAM_MODEL_BACKBONE", "/opt/backbones/tiny")));
        assertEquals(new LabelerSettings("/opt/backbones/tiny", "gpu0", 4, "0.0.0.0", 0), settings);
        assertTrue(!settings.shippedBackbone());
    }

    @Test
    void badValuesNameTheirKey() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> LabelerSettings.fromConfiguration(config(List.of("--model.threads=0"), Map.of())));
        assertTrue(e.getMessage().contains("model.threads"), e.getMessage());
    }
}
