package io.roistream.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.model.roi.CropGeometry;
import io.roistream.runtime.config.ConfigException;
import io.roistream.runtime.config.Configuration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferenceSettingsTest {

    @Test
    void defaultsReadBack() {
        InferenceSettings settings = InferenceSettings.fromConfiguration(
            Configuration.load(List.of(), Map.of(), InferenceSettings.processDefaults()));
        assertTrue(settings.shippedBackbone());
        assertEquals(0.15, settings.roiThreshold(), 1e-12);
        assertEquals(CropGeometry.DEFAULT, settings.cropGeometry());
        assertEquals(Duration.ofSeconds(5), settings.checkpointWait());
        assertEquals(3, settings.checkpointCacheSize());
        assertEquals(256L << 20, settings.checkpointMaxBytes());
        assertTrue(settings.overlays());
        assertEquals("8", InferenceSettings.processDefaults().get("kafka.batch.max-records"));
    }

    @Test
    void flagsOverrideAndBadThresholdIsNamed() {
        InferenceSettings settings = InferenceSettings.fromConfiguration(Configuration.load(
            List.of("--roi.threshold=0.4", "--checkpoints.wait=250ms"), Map.of(), InferenceSettings.processDefaults()));
        assertEquals(0.4, settings.roiThreshold(), 1e-12);
        assertEquals(Duration.ofMillis(250), settings.checkpointWait());
        ConfigException bad = assertThrows(ConfigException.class, () -> InferenceSettings.fromConfiguration(
            Configuration.load(List.of("--roi.threshold=1.5"), Map.of(), InferenceSettings.processDefaults())));
        assertTrue(bad.getMessage().contains("roi.threshold"), bad.getMessage());
    }

    @Test
    void theReferenceCropIsConfigurableAndBadCropValuesAreNamed() {
        InferenceSettings reference = InferenceSettings.fromConfiguration(Configuration.load(
            List.of("--roi.crop-centring=box", "--roi.crop-max-side-cells=0", "--roi.crop-multi-region=mask"), Map.of(),
            InferenceSettings.processDefaults()));
        assertEquals(CropGeometry.REFERENCE, reference.cropGeometry());
        for (String flag : List.of("--roi.crop-centring=middle", "--roi.crop-max-side-cells=-1",
            "--roi.crop-multi-region=largest")) {
            ConfigException bad = assertThrows(ConfigException.class, () -> InferenceSettings.fromConfiguration(
                Configuration.load(List.of(flag), Map.of(), InferenceSettings.processDefaults())));
            assertTrue(bad.getMessage().contains(flag.substring(2, flag.indexOf('='))), bad.getMessage());
        }
    }
}
