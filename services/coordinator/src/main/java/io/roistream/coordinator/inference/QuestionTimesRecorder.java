package io.roistream.coordinator.inference;

import io.roistream.events.Question;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Remembers when each question was asked (its {@code createdAt}), in the {@code question-times}
 * window store, for its answer. The window is the coordinator's own clock when the question is seen,
 * not the asker's: the store drops everything older than its retention behind the newest window it
 * holds, so one question dated a day ahead would otherwise expire every other question of its task.
 */
final class QuestionTimesRecorder implements Processor<String, Question, Void, Void> {

    private ProcessorContext<Void, Void> context;
    private WindowStore<String, Long> questionTimes;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        questionTimes = context.getStateStore(InferenceTopology.QUESTION_TIMES_STORE);
    }

    @Override
    public void process(Record<String, Question> record) {
        questionTimes.put(record.value().getQuestionId(), record.value().getCreatedAt().toEpochMilli(),
                context.currentSystemTimeMs());
    }
}
