package io.roistream.runtime.manifest;

import io.roistream.events.PseudoLabel;
import io.roistream.events.TriggerReason;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The label set of one training trigger: every usable pseudo-label of a backbone at the moment the
 * trigger was issued, as the labeler published it (lineage included: {@code requestId},
 * {@code labelerVersion}, {@code backboneVersion}). Stored as JSON by {@link LabelManifestCodec} at
 * {@link #location()}, {@code s3://manifests/<backboneId>/<triggerId>.json}; the trigger's
 * {@code manifestUri} points there.
 *
 * <p>The labels are copies: changing a label passed in or read out does not change the manifest.
 *
 * @param triggerId the trigger that ordered training on this set (its checkpoint names it)
 * @param backboneId the backbone the labels were produced with and the RPN is trained for
 * @param reason why the trigger was issued
 * @param baseCheckpointVersion the checkpoint to continue training from; {@code null} trains from the
 *     backbone's own layers
 * @param createdAt when the trigger was issued
 * @param labels the pseudo-labels to train on, in the coordinator's store order
 *     (backbone version, then sample id)
 */
public record LabelManifest(String triggerId, String backboneId, TriggerReason reason, String baseCheckpointVersion,
                            Instant createdAt, List<PseudoLabel> labels) {

    /** The version of the JSON layout {@link LabelManifestCodec} writes. */
    public static final int FORMAT_VERSION = 1;

    /** Checks the fields and copies the labels. */
    public LabelManifest {
        requireText(triggerId, "triggerId");
        requireText(backboneId, "backboneId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(labels, "labels");
        labels = labels.stream().map(label -> PseudoLabel.newBuilder(Objects.requireNonNull(label, "label")).build())
                .toList();
    }

    /** Where the manifest of {@code triggerId} for {@code backboneId} is stored. */
    public static ObjectRef location(String backboneId, String triggerId) {
        requireText(backboneId, "backboneId");
        requireText(triggerId, "triggerId");
        return new ObjectRef(ObjectStoreLayout.MANIFESTS_BUCKET,
                backboneId + "/" + triggerId + ObjectStoreLayout.MANIFEST_SUFFIX);
    }

    /** Where this manifest is stored: {@code s3://manifests/<backboneId>/<triggerId>.json}. */
    public ObjectRef location() {
        return location(backboneId, triggerId);
    }

    /** A copy of the labels (changing it does not change the manifest). */
    @Override
    public List<PseudoLabel> labels() {
        return labels.stream().map(label -> PseudoLabel.newBuilder(label).build()).toList();
    }

    /** The number of labels. */
    public int labelCount() {
        return labels.size();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is missing or blank");
        }
    }
}
