package io.roistream.coordinator.inference;

import io.roistream.events.Question;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/** Remembers when each question was asked, in the {@code question-times} window store, for its answer. */
final class QuestionTimesRecorder implements Processor<String, Question, Void, Void> {

    private WindowStore<String, Long> questionTimes;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        questionTimes = context.getStateStore(InferenceTopology.QUESTION_TIMES_STORE);
    }

    @Override
    public void process(Record<String, Question> record) {
        long askedAt = record.value().getCreatedAt().toEpochMilli();
        questionTimes.put(record.value().getQuestionId(), askedAt, askedAt);
    }
}
