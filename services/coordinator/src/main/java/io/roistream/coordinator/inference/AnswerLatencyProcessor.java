package io.roistream.coordinator.inference;

import io.roistream.coordinator.CoordinatorMetrics;
import io.roistream.events.RoiAnswer;
import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Joins each answer to its question's time in {@code question-times} and records the end-to-end
 * latency, from the question's {@code createdAt} to the answer record's timestamp (its arrival on
 * {@code roi.answers}), by answer mode; then forgets the question, so a re-delivered answer counts
 * as unmatched instead of twice. Questions are looked up among those the coordinator saw within the
 * retention before now (its own clock, as {@link QuestionTimesRecorder} stores them).
 */
final class AnswerLatencyProcessor implements Processor<String, RoiAnswer, Void, Void> {

    private final long retentionMs;
    private final CoordinatorMetrics metrics;
    private ProcessorContext<Void, Void> context;
    private WindowStore<String, Long> questionTimes;

    AnswerLatencyProcessor(Duration questionRetention, CoordinatorMetrics metrics) {
        this.retentionMs = questionRetention.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        questionTimes = context.getStateStore(InferenceTopology.QUESTION_TIMES_STORE);
    }

    @Override
    public void process(Record<String, RoiAnswer> record) {
        RoiAnswer answer = record.value();
        long arrivedAt = record.timestamp();
        long now = context.currentSystemTimeMs();
        KeyValue<Long, Long> asked = null;
        try (WindowStoreIterator<Long> times = questionTimes.fetch(answer.getQuestionId(),
                Math.max(0, now - retentionMs), now)) {
            if (times.hasNext()) {
                asked = times.next();
            }
        }
        if (asked == null) {
            metrics.answerUnmatched();
            return;
        }
        questionTimes.put(answer.getQuestionId(), null, asked.key);
        metrics.answerLatency(answer.getMode(), Math.max(0, arrivedAt - asked.value) / 1000.0);
    }
}
