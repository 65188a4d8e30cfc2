package io.roistream.coordinator.inference;

import io.roistream.coordinator.CoordinatorMetrics;
import io.roistream.coordinator.checkpoints.CheckpointCatalog;
import io.roistream.events.Checkpoint;
import io.roistream.events.InferenceTask;
import io.roistream.events.Question;
import io.roistream.events.RoiMode;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns each question into an {@link InferenceTask} for the configured backbone, keyed by question
 * id and pinned to the backbone's latest READY checkpoint in the {@link CheckpointCatalog}. The task
 * has no checkpoint version (plain mode: the worker answers with mode OFF and says so) before any
 * READY checkpoint exists, and when the question asks for RoI mode OFF.
 */
final class QuestionRouter implements Processor<String, Question, String, InferenceTask> {

    private final String backboneId;
    private final CoordinatorMetrics metrics;
    private ProcessorContext<String, InferenceTask> context;
    private CheckpointCatalog catalog;

    QuestionRouter(String backboneId, CoordinatorMetrics metrics) {
        this.backboneId = backboneId;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, InferenceTask> processorContext) {
        context = processorContext;
        catalog = CheckpointCatalog.of(context);
    }

    @Override
    public void process(Record<String, Question> record) {
        Question question = record.value();
        String version = question.getOptions().getRoiMode() == RoiMode.OFF ? null
                : catalog.latestReady(backboneId).map(Checkpoint::getVersion).orElse(null);
        InferenceTask task = InferenceTask.newBuilder().setQuestion(question).setCheckpointVersion(version)
                .setBackboneId(backboneId).setRoutedAt(Instant.ofEpochMilli(context.currentSystemTimeMs())).build();
        metrics.questionRouted(version != null);
        context.forward(record.withKey(question.getQuestionId()).withValue(task));
    }
}
