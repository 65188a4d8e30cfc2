package io.roistream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.runtime.config.ConfigException;
import io.roistream.runtime.config.Configuration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainer's keys: defaults, overrides by flag and environment, refusals. */
class TrainerSettingsTest {

    private static TrainerSettings read(List<String> flags, Map<String, String> environment) {
        return TrainerSettings.fromConfiguration(Configuration.load(flags, environment,
                new HashMap<>(TrainerWorker.processDefaults())));
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertEquals(TrainerSettings.defaults(), read(List.of(), Map.of()));
    }

    @Test
    void flagsAndEnvironmentOverrideTheDefaults() {
        TrainerSettings settings = read(List.of("--trainer.epochs=2", "--trainer.labels.foreground-ratio=0.3"),
                Map.of("ROISTREAM_TRAINER_VALIDATION_SHARE", "0.2", "ROISTREAM_TRAINER_EPOCHS", "9"));
        assertEquals(2, settings.training().epochs());
        assertEquals(0.2, settings.validationShare());
        assertEquals(0.3, settings.foregroundRatio().getAsDouble());
        assertTrue(settings.backgroundRatio().isEmpty());
    }

    @Test
    void badValuesAreRefused() {
        assertThrows(ConfigException.class, () -> read(List.of("--trainer.epochs=0"), Map.of()));
        assertThrows(ConfigException.class, () -> read(List.of("--trainer.read-ahead=0"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> read(List.of("--trainer.validation-share=1"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> read(List.of("--trainer.learning-rate=-1"), Map.of()));
    }
}
