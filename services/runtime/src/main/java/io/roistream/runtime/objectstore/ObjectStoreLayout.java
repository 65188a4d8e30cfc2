package io.roistream.runtime.objectstore;

import java.util.List;

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
}
