package io.roistream.labeler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.runtime.images.CheckedImage;
import io.roistream.runtime.retry.RejectedInput;
import org.junit.jupiter.api.Test;

class LabelObjectsTest {

    @Test
    void mapsKeysAreDeterministicAndKeepPlainIdsAsTheyAre() {
        assertEquals("s3://labels/roistream-default-backbone/textvqa-0001.maps",
            LabelObjects.mapsRef("roistream-default-backbone", "textvqa-0001").format());
        assertEquals(LabelObjects.mapsRef("b", "scene_1.q2"), LabelObjects.mapsRef("b", "scene_1.q2"));
        assertEquals("s3://labels/b/scene_1.q2.maps", LabelObjects.mapsRef("b", "scene_1.q2").format());
    }

    @Test
    void idsCannotReachOutsideTheirFolderAndDistinctIdsGetDistinctKeys() {
        assertEquals("labels", LabelObjects.mapsRef("b", "../x").bucket());
        assertEquals("b/..%2Fx.maps", LabelObjects.mapsRef("b", "../x").key());
        assertEquals("%2E%2E/a.maps", LabelObjects.mapsRef("..", "a").key());
        assertEquals("b/a%20b%C3%A9.maps", LabelObjects.mapsRef("b", "a bé").key());
        assertNotEquals(LabelObjects.mapsRef("b", "a/b"), LabelObjects.mapsRef("b", "a%2Fb"));
        assertEquals("b/a%252Fb.maps", LabelObjects.mapsRef("b", "a%2Fb").key());
    }

    @Test
    void inlineImagesAreStoredByContent() {
        CheckedImage jpeg = new CheckedImage(new byte[] {1}, "jpeg", 300, 300, "ab12");
        assertEquals("s3://images/ab12.jpg", LabelObjects.imageRef(jpeg).format());
        assertEquals("s3://images/cd34.png",
            LabelObjects.imageRef(new CheckedImage(new byte[] {1}, "png", 300, 300, "cd34")).format());
        assertEquals("image/jpeg", LabelObjects.mediaType("jpeg"));
    }

    @Test
    void blankOrOverlongSampleIdsAreRejections() {
        InvalidLabelRequestException blank = assertThrows(InvalidLabelRequestException.class,
            () -> LabelObjects.checkSampleId(" "));
        assertEquals("sampleId", blank.field());
        assertTrue(RejectedInput.isRejection(blank));
        assertThrows(InvalidLabelRequestException.class, () -> LabelObjects.checkSampleId(null));
        assertThrows(InvalidLabelRequestException.class, () -> LabelObjects.checkSampleId("é".repeat(129)));
        LabelObjects.checkSampleId("x".repeat(LabelObjects.MAX_SAMPLE_ID_BYTES));
    }
}
