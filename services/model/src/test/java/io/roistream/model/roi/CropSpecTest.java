package io.roistream.model.roi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roistream.model.backbone.BackboneConfig;
import io.roistream.model.backbone.training.SceneViews;
import org.junit.jupiter.api.Test;

class CropSpecTest {

    @Test
    void aBackbonesCropIsItsViewPooledToItsCropGridNoSmallerThanItsPretrainingCrops() {
        BackboneConfig config = BackboneConfig.defaults(40, 10);

        CropSpec spec = CropSpec.forBackbone(config);

        assertEquals(config.imageSize(), spec.viewSize());
        assertEquals(config.gridSize() / config.cropPool(), spec.tokenRows());
        assertEquals(config.gridSize() / config.cropPool(), spec.tokenCols());
        assertEquals(config.cropTokens(), spec.tokenCount());
        assertEquals(SceneViews.MIN_CROP_SIDE, spec.minSidePx());
        assertEquals(CropSpec.DEFAULT_MASK_KEEP_THRESHOLD, spec.maskKeepThreshold());
    }

    @Test
    void refusesValuesNoCropCanHave() {
        assertThrows(IllegalArgumentException.class, () -> CropSpec.of(0, 6));
        assertThrows(IllegalArgumentException.class, () -> new CropSpec(96, 6, 6, -1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new CropSpec(96, 6, 6, 48, 1));
    }
}
