package io.roistream.runtime.objectstore;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Where roistream keeps its objects: one bucket per concern, with deterministic keys so that a
 * retried write overwrites instead of duplicating. Callers build the keys; this class names the
 * buckets and writes the layout down in one place.
 *
 * <pre>
 * s3://images/&lt;any key&gt;                              input images referenced by events (ImageRef.uri)
 * s3://labels/&lt;backbone&gt;/&lt;sample&gt;.maps            attention maps of one sample (labeler)
 * s3://manifests/&lt;backbone&gt;/&lt;trigger&gt;.json        the label set of one training trigger
 * s3://checkpoints/&lt;backbone&gt;/&lt;version&gt;/...      RPN weights and their manifest (trainer)
 * s3://backbones/&lt;id&gt;/...                          backbone weights
 * s3://overlays/&lt;question&gt;.png                     pictures of answered questions (inference)
 * s3://dead-letters/&lt;topic&gt;/&lt;partition&gt;/&lt;offset&gt;  payloads of dead letters too large to carry inline
 * </pre>
 */
public final class ObjectStoreLayout {

    /** Input images, referenced by {@code ImageRef.uri}. */
    public static final String IMAGES_BUCKET = "images";
    /** Attention maps: {@code <backbone>/<sample>}{@value #MAPS_SUFFIX}. */
    public static final String LABELS_BUCKET = "labels";
    /** Label sets: {@code <backbone>/<trigger>}{@value #MANIFEST_SUFFIX}. */
    public static final String MANIFESTS_BUCKET = "manifests";
    /** RPN checkpoints: {@code <backbone>/<version>/...}. */
    public static final String CHECKPOINTS_BUCKET = "checkpoints";
    /** Backbone weights: {@code <id>/...}. */
    public static final String BACKBONES_BUCKET = "backbones";
    /** Answer overlays: {@code <question>}{@value #OVERLAY_SUFFIX}. */
    public static final String OVERLAYS_BUCKET = "overlays";
    /** Dead-letter payloads too large for the event: {@code <topic>/<partition>/<offset>}. */
    public static final String DEAD_LETTERS_BUCKET = "dead-letters";

    /** Every bucket above, e.g. for provisioning a fresh store. */
    public static final List<String> ALL_BUCKETS = List.of(IMAGES_BUCKET, LABELS_BUCKET, MANIFESTS_BUCKET,
            CHECKPOINTS_BUCKET, BACKBONES_BUCKET, OVERLAYS_BUCKET, DEAD_LETTERS_BUCKET);

    /** Suffix of attention-map objects. */
    public static final String MAPS_SUFFIX = ".maps";
    /** Suffix of label-set manifests. */
    public static final String MANIFEST_SUFFIX = ".json";
    /** Suffix of overlay pictures. */
    public static final String OVERLAY_SUFFIX = ".png";

    private ObjectStoreLayout() {
    }

    /**
     * {@code id} (a sample, question or backbone id) as one key segment: letters, digits, {@code _},
     * {@code -} and {@code .} kept, every other UTF-8 byte percent-encoded ({@code %} too, so two
     * ids never share a segment); an id of dots alone is encoded whole, so it cannot climb a level.
     */
    public static String keySegment(String id) {
        boolean onlyDots = id.chars().allMatch(c -> c == '.');
        StringBuilder out = new StringBuilder(id.length());
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean safe = c < 0x80 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' && !onlyDots);
            if (safe) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
