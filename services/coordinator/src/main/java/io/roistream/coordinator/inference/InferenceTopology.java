package io.roistream.coordinator.inference;

import io.roistream.coordinator.CoordinatorMetrics;
import io.roistream.coordinator.checkpoints.CheckpointCatalog;
import io.roistream.events.Question;
import io.roistream.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * Online inference coordination:
 * <pre>
 * roi.questions (key questionId) ─┬─ route-questions [reads checkpoint-catalog] ── roi.inference-tasks
 *                                 └─ remember-question-times [question-times]
 * roi.answers (key questionId) ───── measure-answer-latency [question-times] ── latency histogram
 * </pre>
 * The answer join is store-based: {@code question-times} is a window store (question id to the
 * question's {@code createdAt}, windowed by when the coordinator saw the question and expiring after
 * the question retention) that an answer reads and then deletes, so a re-delivered answer is not measured twice. Questions and answers are both
 * keyed by question id: {@code roi.questions} and {@code roi.answers} must have the same number of
 * partitions so that a question and its answer meet in the same task.
 */
public final class InferenceTopology {

    /**
     * Question id to the question's {@code createdAt} (epoch ms), windowed by the coordinator's clock
     * when it saw the question (never the asker's clock: see {@link QuestionTimesRecorder}).
     */
    public static final String QUESTION_TIMES_STORE = "question-times";
    /** The processor routing questions. */
    public static final String ROUTER = "route-questions";

    private InferenceTopology() {
    }

    /** The inference topology alone, with the checkpoint catalogue it reads. */
    public static Topology buildTopology(String backboneId, Duration questionRetention, Map<String, ?> serdeConfig,
                                         CoordinatorMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        CheckpointCatalog.addTo(builder, serdeConfig);
        addTo(builder, backboneId, questionRetention, serdeConfig, metrics);
        return builder.build();
    }

    /**
     * Adds question routing for {@code backboneId} and the answer-latency join (questions kept for
     * {@code questionRetention}) to {@code builder}, which must hold the {@link CheckpointCatalog}.
     */
    public static void addTo(StreamsBuilder builder, String backboneId, Duration questionRetention,
                             Map<String, ?> serdeConfig, CoordinatorMetrics metrics) {
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(QUESTION_TIMES_STORE, questionRetention, Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long()));

        KStream<String, Question> questions = builder
                .stream(Topics.QUESTIONS.name(), Topics.QUESTIONS.consumed(serdeConfig).withName("questions-source"))
                .filter((questionId, question) -> question != null, Named.as("skip-question-tombstones"));
        questions.process(() -> new QuestionRouter(backboneId, metrics), Named.as(ROUTER))
                .to(Topics.INFERENCE_TASKS.name(),
                        Topics.INFERENCE_TASKS.produced(serdeConfig).withName("inference-tasks-sink"));
        questions.process(QuestionTimesRecorder::new, Named.as("remember-question-times"), QUESTION_TIMES_STORE);

        builder.stream(Topics.ANSWERS.name(), Topics.ANSWERS.consumed(serdeConfig).withName("answers-source"))
                .filter((questionId, answer) -> answer != null, Named.as("skip-answer-tombstones"))
                .process(() -> new AnswerLatencyProcessor(questionRetention, metrics), Named.as("measure-answer-latency"),
                        QUESTION_TIMES_STORE);
    }
}
