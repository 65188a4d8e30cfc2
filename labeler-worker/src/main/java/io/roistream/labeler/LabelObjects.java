package io.roistream.labeler;

import io.roistream.model.labels.AttentionMaps;
import io.roistream.model.labels.MapsCodec;
import io.roistream.model.labels.StoredMaps;
import io.roistream.runtime.images.CheckedImage;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * What the labeler writes to the object store, at deterministic keys so that a retried batch
 * overwrites instead of duplicating: the maps of a sample at
 * {@code s3://labels/<backboneId>/<sampleId>.maps} ({@link MapsCodec}), and an image that came
 * inline at {@code s3://images/<sha256>.<ext>} (content-addressed), so that a pseudo-label always
 * points at its image by URI. Ids are written as they are where they hold only letters, digits,
 * {@code .}, {@code _} and {@code -}; every other byte of their UTF-8 form is percent-encoded
 * ({@code a/b} becomes {@code a%2Fb}), so no id can reach outside its folder.
 */
public final class LabelObjects {

    /** Longest sample id accepted, in UTF-8 bytes (its key stays well under S3's 1024). */
    public static final int MAX_SAMPLE_ID_BYTES = 256;

    private static final String MAPS_CONTENT_TYPE = "application/octet-stream";

    private final ObjectStore store;
    private final String backboneId;

    /** Writes to {@code store} (which the caller keeps and closes) the labels of {@code backboneId}. */
    public LabelObjects(ObjectStore store, String backboneId) {
        this.store = Objects.requireNonNull(store, "store");
        this.backboneId = Objects.requireNonNull(backboneId, "backboneId");
    }

    /** Creates the buckets the labeler writes to, unless they exist. */
    public void ensureBuckets() {
        store.ensureBucket(ObjectStoreLayout.LABELS_BUCKET);
        store.ensureBucket(ObjectStoreLayout.IMAGES_BUCKET);
    }

    /** Stores the maps of {@code sampleId}; returns where. */
    public ObjectRef storeMaps(String sampleId, AttentionMaps maps) {
        ObjectRef ref = mapsRef(backboneId, sampleId);
        store.put(ref, MapsCodec.encode(new StoredMaps(backboneId, maps)), MAPS_CONTENT_TYPE);
        return ref;
    }

    /** Stores an image that came inline; returns where. */
    public ObjectRef storeImage(CheckedImage image) {
        ObjectRef ref = imageRef(image);
        store.put(ref, image.bytes(), mediaType(image.format()));
        return ref;
    }

    /** {@code s3://labels/<backboneId>/<sampleId>.maps}, ids escaped. */
    public static ObjectRef mapsRef(String backboneId, String sampleId) {
        return new ObjectRef(ObjectStoreLayout.LABELS_BUCKET,
            ObjectStoreLayout.keySegment(backboneId) + "/" + ObjectStoreLayout.keySegment(sampleId)
                + ObjectStoreLayout.MAPS_SUFFIX);
    }

    /** {@code s3://images/<sha256>.<ext>} of a checked image ({@code png}, {@code jpg}). */
    public static ObjectRef imageRef(CheckedImage image) {
        return new ObjectRef(ObjectStoreLayout.IMAGES_BUCKET, image.sha256() + "." + extension(image.format()));
    }

    /** The media type of an ImageIO format name: {@code image/png}, {@code image/jpeg}. */
    public static String mediaType(String format) {
        return "image/" + format.toLowerCase(Locale.ROOT);
    }

    /**
     * Throws an {@link InvalidLabelRequestException} unless {@code sampleId} is a usable id: not
     * blank, at most {@value #MAX_SAMPLE_ID_BYTES} UTF-8 bytes.
     */
    public static void checkSampleId(String sampleId) {
        if (sampleId == null || sampleId.isBlank()) {
            throw new InvalidLabelRequestException("sampleId", "the sample id is blank");
        }
        int bytes = sampleId.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SAMPLE_ID_BYTES) {
            throw new InvalidLabelRequestException("sampleId", "the sample id has " + bytes
                + " UTF-8 bytes, more than " + MAX_SAMPLE_ID_BYTES);
        }
    }

    private static String extension(String format) {
        String lower = format.toLowerCase(Locale.ROOT);
        return lower.equals("jpeg") ? "jpg" : lower;
    }
}
