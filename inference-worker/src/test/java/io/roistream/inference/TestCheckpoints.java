package io.roistream.inference;

import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.model.backbone.Backbone;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.rpn.Rpn;
import io.roistream.model.rpn.RpnCheckpoint;
import io.roistream.model.rpn.RpnConfig;
import java.io.IOException;
import java.util.Map;

/** RPN checkpoints for tests: the twig-initialised RPN (a valid, untrained checkpoint) and its event. */
final class TestCheckpoints {

    private TestCheckpoints() {
    }

    /** The file of an untrained RPN ending at the grounding layer, with {@code hyperParameters}. */
    static byte[] twigInitFile(Backbone backbone, BackboneManifest manifest, Map<String, String> hyperParameters)
            throws IOException {
        try (Rpn rpn = Rpn.twigInit(backbone, RpnConfig.endingAtGroundingLayer(manifest.grounding().layer()))) {
            return RpnCheckpoint.encode(rpn, manifest, Map.of(), hyperParameters, TestTasks.CREATED.toEpochMilli());
        }
    }

    /** The READY event of {@code version} at {@code uri} announcing {@code sha256}. */
    static Checkpoint event(String version, String backboneId, String uri, String sha256, long size) {
        return Checkpoint.newBuilder().setVersion(version).setBackboneId(backboneId).setArtifactUri(uri)
            .setSha256(sha256).setSizeBytes(size).setMetrics(Map.of()).setTriggerId("trigger-" + version)
            .setLabelCount(0).setHyperParameters(Map.of()).setStatus(CheckpointStatus.READY)
            .setCreatedAt(TestTasks.CREATED).build();
    }
}
