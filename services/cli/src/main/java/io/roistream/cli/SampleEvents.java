package io.roistream.cli;

import io.roistream.events.AnswerMode;
import io.roistream.events.AttentionMapsRef;
import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.DeadLetter;
import io.roistream.events.GridBox;
import io.roistream.events.ImageRef;
import io.roistream.events.InferenceTask;
import io.roistream.events.LabelDecision;
import io.roistream.events.LabelRequest;
import io.roistream.events.LatencyBreakdown;
import io.roistream.events.PseudoLabel;
import io.roistream.events.Question;
import io.roistream.events.QuestionOptions;
import io.roistream.events.RoiAnswer;
import io.roistream.events.RoiBox;
import io.roistream.events.RoiMode;
import io.roistream.events.TrainingTrigger;
import io.roistream.events.TriggerReason;
import io.roistream.schemas.Topic;
import io.roistream.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** One plausible event for every roistream topic, as they follow each other in the flow. */
final class SampleEvents {

    /** An event and the topic and key it travels under. */
    record Sample<V>(Topic<String, V> topic, String key, V value) {
    }

    private SampleEvents() {
    }

    /** One sample per topic of {@link Topics#all()}, in flow order, all stamped {@code now}. */
    static List<Sample<?>> all(String runId, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        String sampleId = "sample-" + runId;
        String questionId = "question-" + runId;
        String version = "tiny-llava-v1@" + runId;
        ImageRef image = ImageRef.newBuilder()
                .setUri("s3://images/demo/" + sampleId + ".png").setContentType("image/png")
                .setWidth(384).setHeight(384).build();
        Question question = Question.newBuilder()
                .setQuestionId(questionId).setImage(image).setQuestion("what is written on the red circle?")
                .setOptions(QuestionOptions.newBuilder().setRoiMode(RoiMode.AUTO).build())
                .setCreatedAt(at).build();
        return List.of(
                new Sample<>(Topics.LABEL_REQUESTS, sampleId, LabelRequest.newBuilder()
                        .setRequestId("request-" + runId).setSampleId(sampleId).setImage(image)
                        .setQuestion("what is written on the blue square?").setSource("demo")
                        .setCreatedAt(at).build()),
                new Sample<>(Topics.PSEUDO_LABELS, sampleId, PseudoLabel.newBuilder()
                        .setSampleId(sampleId).setRequestId("request-" + runId).setSource("demo").setImage(image)
                        .setQuestion("what is written on the blue square?")
                        .setBackboneId("tiny-llava").setBackboneVersion("v1").setGridHeight(12).setGridWidth(12)
                        .setMaps(AttentionMapsRef.newBuilder()
                                .setUri("s3://labels/tiny-llava/" + sampleId + ".maps").setFormatVersion(1).build())
                        .setTeacherAnswer("7")
                        .setForegroundBox(GridBox.newBuilder().setTop(2).setLeft(4).setBottom(4).setRight(6).build())
                        .setDecision(LabelDecision.KEPT).setLabelerVersion("0.1.0").setCreatedAt(at).build()),
                new Sample<>(Topics.TRAINING_TRIGGERS, "trigger-" + runId, TrainingTrigger.newBuilder()
                        .setTriggerId("trigger-" + runId).setBackboneId("tiny-llava")
                        .setManifestUri("s3://manifests/tiny-llava/trigger-" + runId + ".json")
                        .setLabelCount(1).setReason(TriggerReason.MANUAL).setCreatedAt(at).build()),
                new Sample<>(Topics.CHECKPOINTS, version, Checkpoint.newBuilder()
                        .setVersion(version).setBackboneId("tiny-llava")
                        .setArtifactUri("s3://checkpoints/tiny-llava/" + runId + "/rpn.params")
                        .setSha256("0".repeat(64)).setSizeBytes(1024)
                        .setMetrics(Map.of("val_loss", 0.42)).setHyperParameters(Map.of("lr", "5e-5"))
                        .setTriggerId("trigger-" + runId).setLabelCount(1)
                        .setStatus(CheckpointStatus.READY).setCreatedAt(at).build()),
                new Sample<>(Topics.QUESTIONS, questionId, question),
                new Sample<>(Topics.INFERENCE_TASKS, questionId, InferenceTask.newBuilder()
                        .setQuestion(question).setCheckpointVersion(version).setBackboneId("tiny-llava")
                        .setRoutedAt(at).build()),
                new Sample<>(Topics.ANSWERS, questionId, RoiAnswer.newBuilder()
                        .setQuestionId(questionId).setAnswer("7")
                        .setBoxes(List.of(RoiBox.newBuilder().setX0(0.1f).setY0(0.2f).setX1(0.3f).setY1(0.4f)
                                .setScore(0.9f).build()))
                        .setMode(AnswerMode.RPN).setCheckpointVersion(version).setBackboneId("tiny-llava")
                        .setLatency(LatencyBreakdown.newBuilder().setQueueMs(1).setRpnMs(2).setCropEncodeMs(3)
                                .setAnswerMs(4).setTotalMs(10).build())
                        .setOverlayUri("s3://overlays/" + questionId + ".png").setCreatedAt(at).build()),
                new Sample<>(Topics.DEAD_LETTERS, "roi.questions/0/42", DeadLetter.newBuilder()
                        .setOriginalTopic(Topics.QUESTIONS.name()).setPartition(0).setOffset(42)
                        .setPayload(ByteBuffer.wrap("not avro".getBytes(StandardCharsets.UTF_8)))
                        .setStage("inference").setErrorClass("org.apache.kafka.common.errors.SerializationException")
                        .setErrorMessage("unknown magic byte").setAttempt(1).setFailedAt(at).build()));
    }
}
