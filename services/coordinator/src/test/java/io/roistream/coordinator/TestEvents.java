package io.roistream.coordinator;

import io.roistream.events.AnswerMode;
import io.roistream.events.AttentionMapsRef;
import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.LabelDecision;
import io.roistream.events.PseudoLabel;
import io.roistream.events.Question;
import io.roistream.events.QuestionOptions;
import io.roistream.events.RoiAnswer;
import io.roistream.events.RoiMode;
import io.roistream.schemas.SampleEvents;
import java.time.Instant;
import java.util.Map;

/** Events for the coordinator's tests, built from the schemas' sample events. */
public final class TestEvents {

    /** The tests' "now": the drivers' initial wall clock and the events' base time. */
    public static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    /** The backbone the tests label with and route to (the default one). */
    public static final String BACKBONE = CoordinatorSettings.DEFAULT_BACKBONE_ID;
    /** The backbone version of the tests' labels. */
    public static final String BACKBONE_VERSION = "2026.11";

    private TestEvents() {
    }

    /** A label of {@code sampleId} kept by the labeler, from request {@code requestId}, made at {@code createdAt}. */
    public static PseudoLabel kept(String sampleId, String requestId, Instant createdAt) {
        return label(sampleId, BACKBONE_VERSION, LabelDecision.KEPT, requestId, createdAt);
    }

    /** A label of {@code sampleId} kept by the labeler, made at {@link #T0}. */
    public static PseudoLabel kept(String sampleId) {
        return kept(sampleId, "req-" + sampleId, T0);
    }

    /** A label of {@code sampleId} dropped by the labeler, from request {@code requestId}, made at {@code createdAt}. */
    public static PseudoLabel dropped(String sampleId, String requestId, Instant createdAt) {
        return label(sampleId, BACKBONE_VERSION, LabelDecision.DROPPED, requestId, createdAt);
    }

    /** A label with every field chosen. */
    public static PseudoLabel label(String sampleId, String backboneVersion, LabelDecision decision, String requestId,
                                    Instant createdAt) {
        return PseudoLabel.newBuilder(SampleEvents.pseudoLabel()).setSampleId(sampleId).setRequestId(requestId)
                .setBackboneId(BACKBONE).setBackboneVersion(backboneVersion).setDecision(decision)
                .setDropReason(decision == LabelDecision.KEPT ? null : SampleEvents.pseudoLabel().getDropReason())
                .setMaps(AttentionMapsRef.newBuilder().setUri("s3://labels/" + BACKBONE + "/" + sampleId + ".maps")
                        .setFormatVersion(1).build())
                .setCreatedAt(createdAt).build();
    }

    /** A checkpoint of the tests' backbone. */
    public static Checkpoint checkpoint(String version, String triggerId, CheckpointStatus status, Instant createdAt) {
        return checkpoint(version, BACKBONE, triggerId, status, createdAt);
    }

    /** A checkpoint of {@code backboneId}. */
    public static Checkpoint checkpoint(String version, String backboneId, String triggerId, CheckpointStatus status,
                                        Instant createdAt) {
        return Checkpoint.newBuilder(SampleEvents.checkpoint()).setVersion(version).setBackboneId(backboneId)
                .setArtifactUri("s3://checkpoints/" + backboneId + "/" + version + "/rpn.params")
                .setTriggerId(triggerId).setStatus(status).setMetrics(Map.of()).setCreatedAt(createdAt).build();
    }

    /** A question asked at {@code createdAt} in RoI mode {@code mode}. */
    public static Question question(String questionId, Instant createdAt, RoiMode mode) {
        return Question.newBuilder(SampleEvents.question()).setQuestionId(questionId)
                .setOptions(QuestionOptions.newBuilder().setRoiMode(mode).setThreshold(null).build())
                .setCreatedAt(createdAt).build();
    }

    /** The answer to {@code questionId}, produced in {@code mode}. */
    public static RoiAnswer answer(String questionId, AnswerMode mode) {
        return RoiAnswer.newBuilder(SampleEvents.answer()).setQuestionId(questionId).setMode(mode).build();
    }
}
