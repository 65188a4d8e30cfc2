package io.roistream.runtime.kafka;

import static io.roistream.runtime.kafka.LoopTestKit.question;
import static io.roistream.runtime.kafka.LoopTestKit.serialized;
import static io.roistream.runtime.kafka.LoopTestKit.taskFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.roistream.events.InferenceTask;
import io.roistream.events.Question;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/**
 * Two instances of a pipelined stage share a two-partition topic; a second joining mid-stream
 * rebalances without duplicates or losses (records of revoked partitions are dropped from the batch
 * in flight and read again by their new owner).
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = false)
class TwoInstancesIntegrationTest {

    private static final String GROUP = "shared-workers";
    private static final int PARTITIONS = 2;

    @Test
    void everyRecordIsProcessedOnceAcrossARebalance(StackEndpoints stack) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(Topics.QUESTIONS.newTopic(Optional.of(PARTITIONS), Optional.empty()),
                    Topics.INFERENCE_TASKS.newTopic(Optional.of(PARTITIONS), Optional.empty()),
                    Topics.DEAD_LETTERS.newTopic(Optional.of(1), Optional.empty()))).all().get();
        }
        Map<String, Object> serde = LoopTestKit.serdeConfig(stack);
        // pipelined, with a second step slow enough that partitions are revoked while a batch is in flight
        PipelinedBatchProcessor<Question> router = batch -> {
            List<RecordOutcome> outcomes = batch.stream().<RecordOutcome>map(input -> RecordOutcome.processed(input,
                    OutputRecord.of(Topics.INFERENCE_TASKS, input.key(), taskFor(input.value())))).toList();
            return () -> {
                Thread.sleep(100);
                return outcomes;
            };
        };
        // each instance its own transactional id (one id shared by two live instances fences the older)
        Supplier<ProcessingLoopSettings> settings = () -> ProcessingLoopSettings.defaults("inference",
                stack.bootstrapServers(), GROUP, stack.schemaRegistryUrl()).withBatch(5, Duration.ofMillis(50));

        Map<TopicPartition, Long> ends = produce(stack, serde, 0, 300);
        ProcessingLoop<Question> first = ProcessingLoop.builder(settings.get(), Topics.QUESTIONS, router).build();
        Thread firstThread = LoopTestKit.start(first);
        ProcessingLoop<Question> second = ProcessingLoop.builder(settings.get(), Topics.QUESTIONS, router).build();
        Thread secondThread = null;
        try {
            awaitCommitted(stack, Map.of(new TopicPartition(Topics.QUESTIONS.name(), 0), 5L));
            secondThread = LoopTestKit.start(second);
            long deadline = System.nanoTime() + LoopTestKit.PATIENCE.toNanos();
            while (lagSeries(second) == 0) {
                if (System.nanoTime() > deadline) {
                    fail("the second instance got no partition");
                }
                Thread.sleep(50);
            }
            ends = produce(stack, serde, 300, 360);
            awaitCommitted(stack, ends);
        } finally {
            try {
                LoopTestKit.stop(first, firstThread);
            } finally {
                if (secondThread != null) {
                    LoopTestKit.stop(second, secondThread);
                } else {
                    second.close();
                }
            }
        }

        assertTrue(leftAtRebalance(first) > 0, "the rebalance found no batch in flight: the first instance had "
                + "finished its backlog before the second joined");
        assertTrue(ProcessingLoopIntegrationTest.counter(first, "roistream_records_out", Topics.INFERENCE_TASKS.name()) > 0);
        assertTrue(ProcessingLoopIntegrationTest.counter(second, "roistream_records_out", Topics.INFERENCE_TASKS.name()) > 0,
                "the second instance processed its share");
        List<String> ids = outputIds(stack, serde);
        assertEquals(360, ids.size(), "outputs: " + ids);
        assertEquals(360, ids.stream().distinct().count(), "duplicates in " + ids);
    }

    /** Records {@code loop} processed but left uncommitted to a new owner at a rebalance. */
    private static double leftAtRebalance(ProcessingLoop<?> loop) {
        return loop.metrics().registry().scrape().stream()
                .filter(snapshot -> snapshot.getMetadata().getName().equals("roistream_records_left_at_rebalance"))
                .flatMap(snapshot -> snapshot.getDataPoints().stream())
                .mapToDouble(point -> ((CounterSnapshot.CounterDataPointSnapshot) point).getValue())
                .sum();
    }

    /** How many partitions {@code loop} reports a lag for: it has had an assignment once this is positive. */
    private static long lagSeries(ProcessingLoop<?> loop) {
        return loop.metrics().registry().scrape().stream()
                .filter(snapshot -> snapshot.getMetadata().getName().equals("roistream_consumer_lag_records"))
                .mapToLong(snapshot -> snapshot.getDataPoints().size())
                .sum();
    }

    private static Map<TopicPartition, Long> produce(StackEndpoints stack, Map<String, Object> serde, int from, int to)
            throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                String id = "q-" + i;
                byte[][] record = serialized(Topics.QUESTIONS, serde, id, question(id));
                var metadata = producer.send(new ProducerRecord<>(Topics.QUESTIONS.name(), i % PARTITIONS, record[0],
                        record[1])).get();
                ends.merge(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset() + 1, Math::max);
            }
        }
        return ends;
    }

    private static void awaitCommitted(StackEndpoints stack, Map<TopicPartition, Long> targets) throws Exception {
        long deadline = System.nanoTime() + LoopTestKit.PATIENCE.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get();
                boolean done = targets.entrySet().stream().allMatch(target -> committed.get(target.getKey()) != null
                        && committed.get(target.getKey()).offset() >= target.getValue());
                if (done) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    fail("offsets " + targets + " not committed in time; committed: " + committed);
                }
                Thread.sleep(100);
            }
        }
    }

    private static List<String> outputIds(StackEndpoints stack, Map<String, Object> serde) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> ids = new ArrayList<>();
        try (Deserializer<String> keys = Topics.INFERENCE_TASKS.keySerde(serde).deserializer();
             Deserializer<InferenceTask> values = Topics.INFERENCE_TASKS.valueSerde(serde).deserializer();
             KafkaConsumer<String, InferenceTask> consumer = new KafkaConsumer<>(properties, keys, values)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(Topics.INFERENCE_TASKS.name(), 0),
                    new TopicPartition(Topics.INFERENCE_TASKS.name(), 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + LoopTestKit.PATIENCE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    fail("could not read the outputs to their end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> ids.add(record.value().getQuestion().getQuestionId()));
            }
        }
        return ids;
    }
}
