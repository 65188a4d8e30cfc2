package io.roistream.schemas;

import io.roistream.events.Checkpoint;
import io.roistream.events.DeadLetter;
import io.roistream.events.InferenceTask;
import io.roistream.events.LabelRequest;
import io.roistream.events.PseudoLabel;
import io.roistream.events.Question;
import io.roistream.events.RoiAnswer;
import io.roistream.events.TrainingTrigger;
import java.util.List;

/**
 * Every roistream topic, bound to its key and value types: the one place where topic names are
 * spelled. Keys are the natural ids, as Avro strings.
 */
public final class Topics {

    /** Labeling requests from the data platform, keyed by sample id. */
    public static final Topic<String, LabelRequest> LABEL_REQUESTS =
            Topic.keyedById("roi.label-requests", LabelRequest.class, false);
    /** Pseudo-labels from the labeler, keyed by sample id. */
    public static final Topic<String, PseudoLabel> PSEUDO_LABELS =
            Topic.keyedById("roi.pseudo-labels", PseudoLabel.class, false);
    /** Training orders from the coordinator, keyed by trigger id. */
    public static final Topic<String, TrainingTrigger> TRAINING_TRIGGERS =
            Topic.keyedById("roi.training-triggers", TrainingTrigger.class, false);
    /** Trained checkpoints, keyed by version; compacted, so it is the catalogue of checkpoints. */
    public static final Topic<String, Checkpoint> CHECKPOINTS =
            Topic.keyedById("roi.checkpoints", Checkpoint.class, true);
    /** Questions from online applications, keyed by question id. */
    public static final Topic<String, Question> QUESTIONS =
            Topic.keyedById("roi.questions", Question.class, false);
    /** Questions routed to the inference workers, keyed by question id. */
    public static final Topic<String, InferenceTask> INFERENCE_TASKS =
            Topic.keyedById("roi.inference-tasks", InferenceTask.class, false);
    /** Answers, keyed by question id. */
    public static final Topic<String, RoiAnswer> ANSWERS =
            Topic.keyedById("roi.answers", RoiAnswer.class, false);
    /** Records a stage could not process, keyed by {@code <topic>/<partition>/<offset>}. */
    public static final Topic<String, DeadLetter> DEAD_LETTERS =
            Topic.keyedById("roi.dead-letters", DeadLetter.class, false);

    private static final List<Topic<String, ?>> ALL = List.of(LABEL_REQUESTS, PSEUDO_LABELS, TRAINING_TRIGGERS,
            CHECKPOINTS, QUESTIONS, INFERENCE_TASKS, ANSWERS, DEAD_LETTERS);

    private Topics() {
    }

    /** All topics, in flow order, e.g. for creating them ({@link Topic#newTopic}). */
    public static List<Topic<String, ?>> all() {
        return ALL;
    }
}
