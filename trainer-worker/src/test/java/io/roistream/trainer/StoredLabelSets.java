package io.roistream.trainer;

import io.roistream.events.AttentionMapsRef;
import io.roistream.events.GridBox;
import io.roistream.events.ImageRef;
import io.roistream.events.LabelDecision;
import io.roistream.events.PseudoLabel;
import io.roistream.events.TrainingTrigger;
import io.roistream.events.TriggerReason;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.labels.MapsCodec;
import io.roistream.runtime.manifest.LabelManifest;
import io.roistream.runtime.manifest.LabelManifestCodec;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Label sets stored the way the labeler and the coordinator store them: images, maps, a manifest. */
final class StoredLabelSets {

    private StoredLabelSets() {}

    /** A backbone version no trainer serves. */
    static final String OTHER_VERSION = "sha256:00000000deadbeef";

    /**
     * Stores the images and maps of {@code scenes} and a manifest for {@code triggerId}; returns its
     * trigger. The labels name {@code backbone}'s version but for the last {@code fromOtherVersion},
     * which name {@link #OTHER_VERSION}.
     */
    static TrainingTrigger store(ObjectStore store, BackboneManifest backbone, String triggerId,
                                 List<TrainingScenes.Stored> scenes, int fromOtherVersion) {
        String backboneId = backbone.name();
        for (String bucket : List.of(ObjectStoreLayout.IMAGES_BUCKET, ObjectStoreLayout.LABELS_BUCKET,
                ObjectStoreLayout.MANIFESTS_BUCKET)) {
            store.ensureBucket(bucket);
        }
        Instant now = Instant.parse("2026-11-20T10:15:30Z");
        List<PseudoLabel> labels = new ArrayList<>();
        for (int i = 0; i < scenes.size(); i++) {
            TrainingScenes.Stored scene = scenes.get(i);
            String version = i < scenes.size() - fromOtherVersion ? backbone.version() : OTHER_VERSION;
            ObjectRef image = new ObjectRef(ObjectStoreLayout.IMAGES_BUCKET, scene.sampleId() + ".png");
            store.put(image, png(scene), "image/png");
            ObjectRef maps = new ObjectRef(ObjectStoreLayout.LABELS_BUCKET,
                    backboneId + "/" + scene.sampleId() + ObjectStoreLayout.MAPS_SUFFIX);
            store.put(maps, scene.maps(), "application/octet-stream");
            labels.add(PseudoLabel.newBuilder()
                    .setSampleId(scene.sampleId()).setRequestId("req-" + scene.sampleId()).setSource("test")
                    .setImage(ImageRef.newBuilder().setUri(image.format()).setContentType("image/png")
                            .setWidth(scene.image().getWidth()).setHeight(scene.image().getHeight()).build())
                    .setQuestion(scene.question()).setBackboneId(backboneId).setBackboneVersion(version)
                    .setGridHeight(24).setGridWidth(24)
                    .setMaps(AttentionMapsRef.newBuilder().setUri(maps.format()).setFormatVersion(MapsCodec.VERSION).build())
                    .setTeacherAnswer("a").setForegroundBox(GridBox.newBuilder().setTop(0).setLeft(0).setBottom(1)
                            .setRight(1).build())
                    .setDecision(LabelDecision.KEPT).setLabelerVersion("test").setCreatedAt(now).build());
        }
        LabelManifest manifest = new LabelManifest(triggerId, backboneId, TriggerReason.MANUAL, null, now, labels);
        store.put(manifest.location(), LabelManifestCodec.encode(manifest), LabelManifestCodec.CONTENT_TYPE);
        return trigger(backboneId, triggerId, manifest.location().format(), labels.size());
    }

    /** A trigger for {@code triggerId} whose manifest is at {@code manifestUri}. */
    static TrainingTrigger trigger(String backboneId, String triggerId, String manifestUri, int labelCount) {
        return TrainingTrigger.newBuilder().setTriggerId(triggerId).setBackboneId(backboneId)
                .setManifestUri(manifestUri).setLabelCount(labelCount).setReason(TriggerReason.MANUAL)
                .setCreatedAt(Instant.parse("2026-11-20T10:15:30Z")).build();
    }

    private static byte[] png(TrainingScenes.Stored scene) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(scene.image(), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
