package io.roistream.schemas;

import io.roistream.events.AnswerMode;
import io.roistream.events.AttentionMapsRef;
import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.DeadLetter;
import io.roistream.events.DropReason;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * One fully populated example event per topic (optional fields set), with its key: what the demo
 * sends through a stack and what the contract tests round-trip.
 */
public final class SampleEvents {

    private static final Instant CREATED = Instant.ofEpochMilli(1_795_000_000_123L);

    private SampleEvents() {
    }

    /** A sample event and the key it is published under. */
    public record Keyed(String key, SpecificRecord value) {
    }

    private static final Map<Topic<String, ?>, Supplier<Keyed>> BY_TOPIC = Map.of(
            Topics.LABEL_REQUESTS, () -> new Keyed(labelRequest().getSampleId(), labelRequest()),
            Topics.PSEUDO_LABELS, () -> new Keyed(pseudoLabel().getSampleId(), pseudoLabel()),
            Topics.TRAINING_TRIGGERS, () -> new Keyed(trainingTrigger().getTriggerId(), trainingTrigger()),
            Topics.CHECKPOINTS, () -> new Keyed(checkpoint().getVersion(), checkpoint()),
            Topics.QUESTIONS, () -> new Keyed(question().getQuestionId(), question()),
            Topics.INFERENCE_TASKS, () -> new Keyed(question().getQuestionId(), inferenceTask()),
            Topics.ANSWERS, () -> new Keyed(answer().getQuestionId(), answer()),
            Topics.DEAD_LETTERS, () -> new Keyed("roi.questions/0/17", deadLetter()));

    /** The sample event of a topic, keyed by its natural id. */
    public static Keyed of(Topic<String, ?> topic) {
        Supplier<Keyed> sample = BY_TOPIC.get(topic);
        if (sample == null) {
            throw new IllegalArgumentException("no sample event for " + topic.name());
        }
        return sample.get();
    }

    public static ImageRef storedImage() {
        return ImageRef.newBuilder().setUri("s3://images/textvqa/0001.jpg").setContentType("image/jpeg")
                .setSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .setWidth(1024).setHeight(768).build();
    }

    public static ImageRef inlineImage() {
        return ImageRef.newBuilder().setInlineBytes(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1}))
                .setContentType("image/png").build();
    }

    public static Question question() {
        return Question.newBuilder().setQuestionId("q-42").setImage(inlineImage())
                .setQuestion("What is written on the sign?")
                .setOptions(QuestionOptions.newBuilder().setRoiMode(RoiMode.AUTO).setThreshold(0.15f).build())
                .setDeadline(CREATED.plusSeconds(30)).setCreatedAt(CREATED).build();
    }

    public static LabelRequest labelRequest() {
        return LabelRequest.newBuilder().setRequestId("req-7").setSampleId("textvqa-0001").setImage(storedImage())
                .setQuestion("What brand is the bottle?").setSource("textvqa").setReferenceAnswer("evian")
                .setCreatedAt(CREATED).build();
    }

    public static PseudoLabel pseudoLabel() {
        return PseudoLabel.newBuilder().setSampleId("textvqa-0001").setRequestId("req-7").setSource("textvqa")
                .setImage(storedImage()).setQuestion("What brand is the bottle?").setBackboneId("tiny-vlm")
                .setBackboneVersion("2026.11").setGridHeight(24).setGridWidth(24)
                .setMaps(AttentionMapsRef.newBuilder().setUri("s3://labels/tiny-vlm/textvqa-0001.maps")
                        .setFormatVersion(1).build())
                .setTeacherAnswer("evian")
                .setForegroundBox(GridBox.newBuilder().setTop(3).setLeft(4).setBottom(9).setRight(12).build())
                .setDecision(LabelDecision.DROPPED).setDropReason(DropReason.BOX_TOO_LARGE)
                .setLabelerVersion("labeler-0.1.0").setCreatedAt(CREATED).build();
    }

    public static TrainingTrigger trainingTrigger() {
        return TrainingTrigger.newBuilder().setTriggerId("trig-3").setBackboneId("tiny-vlm")
                .setManifestUri("s3://manifests/tiny-vlm/trig-3.json").setLabelCount(512)
                .setReason(TriggerReason.COUNT).setBaseCheckpointVersion("tiny-vlm-0002").setCreatedAt(CREATED).build();
    }

    public static Checkpoint checkpoint() {
        return Checkpoint.newBuilder().setVersion("tiny-vlm-0003").setBackboneId("tiny-vlm")
                .setArtifactUri("s3://checkpoints/tiny-vlm/tiny-vlm-0003/rpn.params")
                .setSha256("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").setSizeBytes(4_194_304L)
                .setMetrics(Map.of("loss", 0.231, "iou", 0.58)).setTriggerId("trig-3").setLabelCount(512)
                .setHyperParameters(Map.of("lr", "5e-5", "epochs", "1")).setStatus(CheckpointStatus.READY)
                .setCreatedAt(CREATED).build();
    }

    public static InferenceTask inferenceTask() {
        return InferenceTask.newBuilder().setQuestion(question()).setCheckpointVersion("tiny-vlm-0003")
                .setBackboneId("tiny-vlm").setRoutedAt(CREATED.plusMillis(5)).build();
    }

    public static RoiAnswer answer() {
        return RoiAnswer.newBuilder().setQuestionId("q-42").setAnswer("STOP")
                .setBoxes(List.of(RoiBox.newBuilder().setX0(0.125f).setY0(0.25f).setX1(0.5f).setY1(0.75f)
                        .setScore(0.875f).build()))
                .setMode(AnswerMode.RPN).setCheckpointVersion("tiny-vlm-0003").setBackboneId("tiny-vlm")
                .setLatency(LatencyBreakdown.newBuilder().setQueueMs(3.5).setRpnMs(12.25).setCropEncodeMs(4.0)
                        .setAnswerMs(40.5).setTotalMs(60.25).build())
                .setOverlayUri("s3://overlays/q-42.png").setCreatedAt(CREATED.plusMillis(60)).build();
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder().setOriginalTopic("roi.questions").setPartition(0).setOffset(17L)
                .setKey(ByteBuffer.wrap("q-13".getBytes(StandardCharsets.UTF_8)))
                .setPayload(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 9, 1, 2}))
                .setStage("inference").setErrorClass("org.apache.kafka.common.errors.SerializationException")
                .setErrorMessage("unknown schema id 9").setAttempt(1).setFailedAt(CREATED).build();
    }
}
