package io.roistream.runtime.kafka;

import io.roistream.events.DeadLetter;
import io.roistream.runtime.metrics.Health;
import io.roistream.runtime.metrics.WorkerMetrics;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import io.roistream.runtime.retry.ServiceOutages;
import io.roistream.runtime.retry.TransientFailure;
import io.roistream.runtime.retry.TransientProcessingException;
import io.roistream.schemas.Topic;
import io.roistream.schemas.Topics;
import io.roistream.schemas.serde.RegistryException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once consume-process-produce loop every worker runs: a read_committed consumer of
 * one input topic and a transactional producer. Each micro-batch (at most
 * {@code batchMaxRecords} records, gathered for at most {@code batchMaxWait}) is one transaction:
 * the processor's outputs, the dead letters of the records that failed, and the batch's consumer
 * offsets ({@code sendOffsetsToTransaction} with the group metadata) are committed together or not
 * at all.
 *
 * <p>Records are consumed as raw bytes and deserialized here, so a poison record (not Avro, an
 * unknown schema id) cannot wedge the consumer: it becomes a {@link DeadLetter} on
 * {@code roi.dead-letters}, and the records after it are processed. Likewise a record the processor
 * rejects (a permanent failure, reported or thrown) is dead-lettered with the stage and a
 * {@link DeadLetterReason}. A transient failure aborts the transaction (whatever it had produced is
 * discarded), waits per the retry policy and processes the batch again; once the policy gives up
 * the record is dead-lettered as {@link DeadLetterReason#RETRIES_EXHAUSTED}.
 *
 * <p>When Kafka itself or the schema registry fails (a send, the commit, an unreachable registry)
 * the transaction is aborted, the consumer rewound to the batch's first offsets, and the batch read
 * again after a growing pause, for as long as it takes: nothing is dead-lettered for an outage.
 * Fatal producer errors (fenced by a newer instance, authorization) end the loop.
 *
 * <p>The processor runs on a processing thread of the loop's own. A {@link PipelinedBatchProcessor}
 * (with {@code kafka.batch.pipelined}, the default) overlaps batches: while batch N+1 is polled and its
 * first step (the model) runs on the processing thread, the loop thread finishes batch N (waits for its
 * object writes) and commits its transaction, so the model is not idle while Kafka and the object
 * store work; the loop thread also prepares batch N+1 ({@link PipelinedBatchProcessor#prepare}: e.g.
 * checking and decoding its images) before it queues its first step. Batch N's offsets are explicit in
 * its transaction, so overlapping changes nothing in what is committed; records of partitions revoked
 * while batch N was uncommitted are dropped from it (their new owner reads them from the committed
 * offsets), and when batch N cannot be committed, batch N+1 is abandoned with it and both are read
 * again.
 *
 * <p>{@link #run()} blocks the calling thread until {@link #close()} (from another thread, e.g. a
 * shutdown hook) wakes it up; health is UP while it runs.
 *
 * @param <V> the input value type
 */
public final class ProcessingLoop<V> implements Runnable, AutoCloseable {

    /** Kafka header of a dead letter carrying its {@link DeadLetterReason}. */
    public static final String REASON_HEADER = "roistream.dead-letter.reason";
    /** Kafka header of a dead letter carrying the stage that gave up. */
    public static final String STAGE_HEADER = "roistream.dead-letter.stage";

    private static final Logger LOG = LoggerFactory.getLogger(ProcessingLoop.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Poll timeout while the batch in flight is processed and nothing new is gathered. */
    private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(10);
    /** Measures the processing thread's CPU time (-1 where the JVM does not). */
    private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();

    private final ProcessingLoopSettings settings;
    private final Topic<String, V> input;
    private final PipelinedBatchProcessor<V> processor;
    private final boolean pipelined;
    private final ExecutorService processing;
    private final WorkerMetrics metrics;
    private final Health health;
    private final ObjectStore deadLetterStore;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Deserializer<String> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final Map<String, OutputSerializers<?>> outputSerializers = new HashMap<>();
    private final OutputSerializers<DeadLetter> deadLetterSerializers;
    private final List<ConsumerRecord<byte[], byte[]>> gathering = new ArrayList<>();
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean clientsClosed = new AtomicBoolean();
    private int consecutiveOutages;
    private boolean deadLetterBucketReady;
    /** The batch started but not committed while the loop polls the next one (pipelined only). */
    private InFlight inFlight;

    private ProcessingLoop(Builder<V> builder) {
        this.settings = builder.settings;
        this.input = builder.input;
        this.processor = PipelinedBatchProcessor.asPipelined(builder.processor);
        this.pipelined = settings.pipelined() && builder.processor instanceof PipelinedBatchProcessor;
        this.metrics = builder.metrics != null ? builder.metrics : new WorkerMetrics(settings.stage());
        this.health = builder.health != null ? builder.health : new Health();
        this.deadLetterStore = builder.deadLetterStore;
        this.keyDeserializer = input.keySerde(settings.serdeConfig()).deserializer();
        this.valueDeserializer = input.valueSerde(settings.serdeConfig()).deserializer();
        this.deadLetterSerializers = new OutputSerializers<>(Topics.DEAD_LETTERS, settings.serdeConfig());
        this.consumer = new KafkaConsumer<>(consumerProperties(settings), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            this.producer = new KafkaProducer<>(producerProperties(settings), new ByteArraySerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        this.processing = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, processingThreadName(settings.stage()));
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The name of the thread that runs the batches of stage {@code stage}: the model's thread. */
    public static String processingThreadName(String stage) {
        return stage + "-processing";
    }

    /** Starts describing a loop of {@code settings} that feeds {@code input} to {@code processor}. */
    public static <V> Builder<V> builder(ProcessingLoopSettings settings, Topic<String, V> input, BatchProcessor<V> processor) {
        return new Builder<>(settings, input, processor);
    }

    /** The metrics this loop updates. */
    public WorkerMetrics metrics() {
        return metrics;
    }

    /** The health this loop reports. */
    public Health health() {
        return health;
    }

    /**
     * Runs until {@link #close()}: subscribes, then polls, processes and commits batch after batch.
     *
     * @throws IllegalStateException when run twice
     * @throws KafkaException on a fatal producer error (e.g. fenced by another instance); health is DOWN then
     */
    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("A processing loop runs once");
        }
        try {
            if (stopping()) {
                return;
            }
            producer.initTransactions();
            consumer.subscribe(List.of(input.name()), new DropRevokedRecords());
            health.up("consuming " + input.name() + " in group " + settings.groupId());
            while (!stopping()) {
                InFlight current = start(nextBatch());
                if (inFlight != null && !complete(inFlight, current)) {
                    current = null;
                }
                inFlight = null;
                if (current != null && !pipelined) {
                    complete(current, null);
                    current = null;
                }
                inFlight = current;
            }
            if (inFlight != null) {
                // its processing is done or under way: commit it rather than have it redone
                complete(inFlight, null);
                inFlight = null;
            }
            health.down("stopped");
        } catch (WakeupException e) {
            if (!stopping()) {
                health.down("woken up without a stop request");
                throw e;
            }
            health.down("stopped");
        } catch (RuntimeException | Error e) {
            health.down("failed: " + e);
            LOG.error("Stage {} stopped on a fatal error", settings.stage(), e);
            throw e;
        } finally {
            stopProcessing();
            closeClients();
            finished.countDown();
        }
    }

    /**
     * Asks the loop to stop, wakes the consumer, and waits (up to 30 s) for the loop to finish its
     * batch or abort it; closes the clients. Safe to call from any thread, more than once.
     */
    @Override
    public void close() {
        stopRequested.countDown();
        if (!started.get()) {
            if (started.compareAndSet(false, true)) {
                stopProcessing();
                closeClients();
                finished.countDown();
                return;
            }
        }
        consumer.wakeup();
        try {
            if (!finished.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Stage {} did not stop within {}", settings.stage(), CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while waiting for stage {} to stop", settings.stage());
        }
    }

    /**
     * Whether the processing thread has ended (after {@link #close()}); false while a first step that
     * outlived the close timeout still runs: the caller must then keep what that step uses (a model,
     * an object store) open.
     */
    public boolean processingEnded() {
        return processing.isTerminated();
    }

    private boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    // ---- gathering a micro-batch ----

    /**
     * The next micro-batch: up to {@code batchMaxRecords} records, gathered for up to {@code batchMaxWait}
     * after the first. While a batch in flight still runs its first step, gathering goes on past
     * {@code batchMaxWait} (the new batch could not start before that step ends anyway), so batches
     * stay full under load; with a batch in flight and nothing gathered it returns empty as soon as
     * that step is done, so that the batch is committed without waiting for new input.
     */
    private List<ConsumerRecord<byte[], byte[]>> nextBatch() {
        gathering.clear();
        while (!pending.isEmpty() && gathering.size() < settings.batchMaxRecords()) {
            gathering.add(pending.poll());
        }
        long deadline = gathering.isEmpty() ? Long.MAX_VALUE : System.nanoTime() + settings.batchMaxWait().toNanos();
        while (!stopping() && gathering.size() < settings.batchMaxRecords()) {
            Duration timeout = settings.pollTimeout();
            if (!gathering.isEmpty()) {
                boolean processingBusy = inFlight != null && !inFlight.run.firstStepDone();
                long left = deadline - System.nanoTime();
                if (left <= 0 && !processingBusy) {
                    break;
                }
                timeout = processingBusy ? IN_FLIGHT_POLL
                        : Duration.ofNanos(Math.min(left, settings.pollTimeout().toNanos()));
            } else if (inFlight != null) {
                timeout = IN_FLIGHT_POLL;
            }
            ConsumerRecords<byte[], byte[]> polled;
            try {
                polled = consumer.poll(timeout);
            } catch (WakeupException e) {
                if (stopping()) {
                    return List.of();
                }
                throw e;
            }
            updateLag();
            if (polled.isEmpty()) {
                if (gathering.isEmpty() && inFlight != null && inFlight.run.firstStepDone()) {
                    break; // nothing new: commit the batch in flight rather than hold it back
                }
                continue;
            }
            metrics.recordsIn(input.name(), polled.count());
            boolean wasEmpty = gathering.isEmpty();
            for (ConsumerRecord<byte[], byte[]> record : polled) {
                if (gathering.size() < settings.batchMaxRecords()) {
                    gathering.add(record);
                } else {
                    pending.add(record);
                }
            }
            if (wasEmpty && !gathering.isEmpty()) {
                deadline = System.nanoTime() + settings.batchMaxWait().toNanos();
            }
        }
        return List.copyOf(gathering);
    }

    private void updateLag() {
        for (TopicPartition partition : consumer.assignment()) {
            consumer.currentLag(partition).ifPresent(lag -> metrics.consumerLag(partition.topic(), partition.partition(), lag));
        }
    }

    /**
     * Forgets gathered and uncommitted records of partitions this instance no longer owns: their new
     * owner reads them from the last committed offsets.
     */
    private final class DropRevokedRecords implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.debug("Stage {} assigned {}", settings.stage(), partitions);
        }

        private void drop(Collection<TopicPartition> partitions) {
            LOG.debug("Stage {} revoked {} (in flight: {})", settings.stage(), partitions,
                    inFlight == null ? "none" : inFlight.records.size() + " records");
            Set<TopicPartition> gone = new HashSet<>(partitions);
            gone.forEach(partition -> metrics.forgetPartition(partition.topic(), partition.partition()));
            gathering.removeIf(record -> gone.contains(partitionOf(record)));
            pending.removeIf(record -> gone.contains(partitionOf(record)));
            if (inFlight != null) {
                inFlight.drop(gone);
            }
        }
    }

    // ---- one batch, one transaction ----

    /** A polled record after deserialization: readable, or not. */
    private sealed interface Decoded permits Readable, Unreadable {
        ConsumerRecord<byte[], byte[]> raw();
    }

    private record Readable(ConsumerRecord<byte[], byte[]> raw, InputRecord<?> input) implements Decoded {}

    private record Unreadable(ConsumerRecord<byte[], byte[]> raw, RuntimeException error) implements Decoded {}

    private enum BatchResult { COMMITTED, RETRY, OUTAGE, STOPPED }

    /** Kafka, the registry or the object store failed in a way worth waiting out. */
    private static final class Outage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Outage(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private List<Decoded> decode(List<ConsumerRecord<byte[], byte[]>> batch) {
        List<Decoded> decoded = new ArrayList<>(batch.size());
        for (ConsumerRecord<byte[], byte[]> raw : batch) {
            try {
                String key = keyDeserializer.deserialize(raw.topic(), raw.headers(), raw.key());
                V value = valueDeserializer.deserialize(raw.topic(), raw.headers(), raw.value());
                decoded.add(new Readable(raw, new InputRecord<>(raw.topic(), raw.partition(), raw.offset(),
                        raw.timestamp(), key, value)));
            } catch (RuntimeException e) {
                if (isOutage(e)) {
                    throw new Outage("cannot deserialize " + coordinates(raw), e);
                }
                decoded.add(new Unreadable(raw, e));
            }
        }
        return decoded;
    }

    /** Decodes {@code batch} and queues its processing; null when there is nothing to process or an outage. */
    private InFlight start(List<ConsumerRecord<byte[], byte[]>> batch) {
        if (batch.isEmpty() || stopping()) {
            return null;
        }
        long polledAt = System.nanoTime();
        List<Decoded> decoded;
        try {
            decoded = decode(batch);
        } catch (Outage e) {
            LOG.warn("Stage {}: outage while reading {} records, will read them again: {}", settings.stage(),
                    batch.size(), describe(e));
            waitOutOutage(batch, null);
            return null;
        }
        InFlight started = new InFlight(batch, decoded, polledAt);
        started.run.start();
        return started;
    }

    /**
     * Finishes {@code batch} and commits its transaction; true when committed. When that fails (an
     * outage, a stop) both {@code batch} and {@code following} (started after it, or null) are
     * abandoned: the consumer is rewound to read them again.
     */
    private boolean complete(InFlight batch, InFlight following) {
        if (batch.records.isEmpty()) {
            return true;
        }
        BatchResult result = batch.finishAndCommit();
        switch (result) {
            case COMMITTED -> {
                consecutiveOutages = 0;
                metrics.batchCommitted(batch.records.size(), Duration.ofNanos(System.nanoTime() - batch.polledAt));
                return true;
            }
            case OUTAGE -> waitOutOutage(batch.records, following);
            case STOPPED -> rewind(batch.records, following);
            default -> throw new IllegalStateException("unexpected " + result);
        }
        return false;
    }

    private void waitOutOutage(List<ConsumerRecord<byte[], byte[]>> batch, InFlight following) {
        consecutiveOutages++;
        metrics.outage();
        rewind(batch, following);
        pause(settings.outageBackoff().backoffBefore(consecutiveOutages + 1));
    }

    /**
     * A polled batch on its way to its transaction: decoded, its processing queued on the processing
     * thread. Only the loop thread touches it; records of revoked partitions are dropped from it.
     */
    private final class InFlight {
        private final List<ConsumerRecord<byte[], byte[]>> records;
        private final List<Decoded> decoded;
        private final long polledAt;
        private ProcessorRun run;

        InFlight(List<ConsumerRecord<byte[], byte[]>> records, List<Decoded> decoded, long polledAt) {
            this.records = new ArrayList<>(records);
            this.decoded = new ArrayList<>(decoded);
            this.polledAt = polledAt;
            this.run = new ProcessorRun(inputs());
        }

        List<InputRecord<V>> inputs() {
            List<InputRecord<V>> inputs = new ArrayList<>();
            for (Decoded record : decoded) {
                if (record instanceof Readable readable) {
                    inputs.add(cast(readable.input()));
                }
            }
            return inputs;
        }

        void drop(Set<TopicPartition> revoked) {
            int before = records.size();
            records.removeIf(record -> revoked.contains(partitionOf(record)));
            decoded.removeIf(record -> revoked.contains(partitionOf(record.raw())));
            if (records.size() < before) {
                metrics.leftAtRebalance(before - records.size());
                LOG.info("Stage {}: {} uncommitted records of revoked partitions left to their new owner",
                        settings.stage(), before - records.size());
            }
        }

        /** Finishes the run and commits, running the batch again after a transient failure. */
        BatchResult finishAndCommit() {
            for (int attempt = 1; ; attempt++) {
                if (attempt > 1) {
                    run = new ProcessorRun(inputs());
                    run.start();
                }
                run.finish();
                BatchResult result = transact(records, decoded, run, attempt);
                if (result != BatchResult.RETRY) {
                    return result;
                }
                metrics.batchRetried();
                if (!pause(settings.retry().backoffBefore(attempt + 1))) {
                    return BatchResult.STOPPED;
                }
            }
        }
    }

    /**
     * The outcomes of one processor run over a batch, with failing records isolated: {@link #start}
     * queues the processor's first step on the processing thread, {@link #finish} (loop thread) waits
     * for it and runs the second.
     */
    private final class ProcessorRun {
        private final List<InputRecord<V>> inputs;
        private final Map<String, RecordOutcome> outcomes = new HashMap<>();
        private Future<PipelinedBatchProcessor.Finish> started;

        ProcessorRun(List<InputRecord<V>> inputs) {
            this.inputs = List.copyOf(inputs);
        }

        /** Prepares the batch on this (the loop's) thread and queues its first step on the processing thread. */
        void start() {
            if (!inputs.isEmpty()) {
                PipelinedBatchProcessor.FirstStep step = prepare();
                started = processing.submit(() -> firstStep(step));
            }
        }

        /**
         * The processor's first step, the time taken to prepare it counted in the metrics; a failure to
         * prepare becomes a first step that throws it.
         */
        private PipelinedBatchProcessor.FirstStep prepare() {
            long wallAtStart = System.nanoTime();
            try {
                return processor.prepare(inputs);
            } catch (Exception e) {
                return () -> {
                    throw e;
                };
            } finally {
                metrics.preparation(System.nanoTime() - wallAtStart);
            }
        }

        boolean firstStepDone() {
            return started == null || started.isDone();
        }

        void finish() {
            if (started == null) {
                return;
            }
            List<RecordOutcome> reported;
            try {
                reported = Objects.requireNonNull(awaitFirstStep().finish(), "the processor returned null");
            } catch (Exception e) {
                isolate(e);
                return;
            }
            Set<String> expected = new HashSet<>();
            inputs.forEach(input -> expected.add(input.coordinates()));
            for (RecordOutcome outcome : reported) {
                String coordinates = outcome.input().coordinates();
                if (expected.contains(coordinates)) {
                    outcomes.putIfAbsent(coordinates, outcome);
                } else {
                    LOG.warn("Stage {}: the processor reported an outcome for {}, not in its batch", settings.stage(), coordinates);
                }
            }
            for (InputRecord<V> input : inputs) {
                if (!outcomes.containsKey(input.coordinates())) {
                    outcomes.put(input.coordinates(), new RecordOutcome.Failed(input,
                            new IllegalStateException("the processor reported no outcome for " + input.coordinates()),
                            RecordOutcome.FailureKind.ERROR));
                }
            }
        }

        /**
         * The processor's first step, its wall and CPU time counted in the metrics; its failure is
         * thrown by the returned second step.
         */
        private PipelinedBatchProcessor.Finish firstStep(PipelinedBatchProcessor.FirstStep step) {
            long wallAtStart = System.nanoTime();
            long cpuAtStart = THREAD_CPU.getCurrentThreadCpuTime();
            try {
                return step.run();
            } catch (Exception e) {
                return () -> {
                    throw e;
                };
            } finally {
                long cpuNow = THREAD_CPU.getCurrentThreadCpuTime();
                metrics.processingStep(System.nanoTime() - wallAtStart,
                        cpuAtStart < 0 || cpuNow < 0 ? -1 : cpuNow - cpuAtStart);
            }
        }

        private PipelinedBatchProcessor.Finish awaitFirstStep() {
            try {
                return started.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopRequested.countDown();
                return () -> {
                    throw new TransientProcessingException("interrupted while the batch was processed", e);
                };
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("the processing thread failed", e.getCause());
            }
        }

        /** A failure of the whole run: a transient one, or one of a single record, fails every record; else one by one. */
        private void isolate(Exception e) {
            if (TransientFailure.isTransient(e) || inputs.size() == 1) {
                inputs.forEach(input -> outcomes.put(input.coordinates(), RecordOutcome.failed(input, e)));
                return;
            }
            LOG.debug("Stage {}: the processor failed on a batch of {}, trying the records one by one: {}",
                    settings.stage(), inputs.size(), e.toString());
            for (InputRecord<V> input : inputs) {
                ProcessorRun single = new ProcessorRun(List.of(input));
                single.start();
                single.finish();
                outcomes.putAll(single.outcomes);
            }
        }
    }

    private BatchResult transact(List<ConsumerRecord<byte[], byte[]>> batch, List<Decoded> decoded, ProcessorRun run,
                                 int attempt) {
        producer.beginTransaction();
        Map<String, Integer> produced = new HashMap<>();
        List<DeadLetterReason> deadLettered = new ArrayList<>();
        try {
            for (Decoded record : decoded) {
                if (record instanceof Unreadable unreadable) {
                    deadLetter(unreadable.raw(), unreadable.error(), DeadLetterReason.UNREADABLE, 1);
                    deadLettered.add(DeadLetterReason.UNREADABLE);
                    continue;
                }
                Readable readable = (Readable) record;
                RecordOutcome outcome = run.outcomes.get(readable.input().coordinates());
                if (outcome instanceof RecordOutcome.Processed processed) {
                    List<ProducerRecord<byte[], byte[]>> outputs = serialize(readable, processed.outputs());
                    if (outputs == null) {
                        deadLettered.add(DeadLetterReason.INVALID_OUTPUT);
                        continue;
                    }
                    for (ProducerRecord<byte[], byte[]> output : outputs) {
                        producer.send(output);
                        produced.merge(output.topic(), 1, Integer::sum);
                    }
                    continue;
                }
                RecordOutcome.Failed failed = (RecordOutcome.Failed) outcome;
                if (ServiceOutages.isServiceOutage(failed.error())) {
                    // the store or the registry is down, not this record at fault: wait it out
                    // instead of dead-lettering every record read until it is back
                    throw new Outage("the object store or the registry failed while processing "
                            + readable.input().coordinates(), failed.error());
                }
                DeadLetterReason reason;
                if (failed.kind() == RecordOutcome.FailureKind.TRANSIENT) {
                    if (settings.retry().allowsAnotherAfter(attempt)) {
                        LOG.debug("Stage {}: transient failure of {} (attempt {}), aborting the batch: {}",
                                settings.stage(), readable.input().coordinates(), attempt, failed.error().toString());
                        producer.abortTransaction();
                        metrics.transactionAborted("transient");
                        return BatchResult.RETRY;
                    }
                    reason = DeadLetterReason.RETRIES_EXHAUSTED;
                } else {
                    reason = failed.kind() == RecordOutcome.FailureKind.REJECTED
                            ? DeadLetterReason.REJECTED : DeadLetterReason.PROCESSOR_ERROR;
                }
                deadLetter(readable.raw(), failed.error(), reason, attempt);
                deadLettered.add(reason);
            }
            producer.sendOffsetsToTransaction(nextOffsets(batch), consumer.groupMetadata());
            if (!retryingTimeouts(producer::commitTransaction, "committing the transaction")) {
                // stopping: the open transaction is aborted by the broker when the producer closes
                return BatchResult.STOPPED;
            }
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException e) {
            throw e;
        } catch (KafkaException | Outage e) {
            abortAfter(e);
            return BatchResult.OUTAGE;
        }
        if (!deadLettered.isEmpty()) {
            produced.merge(Topics.DEAD_LETTERS.name(), deadLettered.size(), Integer::sum);
        }
        produced.forEach(metrics::recordsOut);
        deadLettered.forEach(reason -> metrics.deadLettered(reason.name()));
        return BatchResult.COMMITTED;
    }

    private void abortAfter(RuntimeException cause) {
        LOG.warn("Stage {}: aborting the transaction after {}", settings.stage(), describe(cause));
        try {
            if (!retryingTimeouts(producer::abortTransaction, "aborting the transaction")) {
                return;
            }
        } catch (KafkaException abortFailure) {
            abortFailure.addSuppressed(cause);
            throw abortFailure;
        }
        metrics.transactionAborted("outage");
    }

    /**
     * Runs a producer's commit or abort, again after outage backoff each time it times out (the broker
     * unreachable for longer than {@code max.block.ms}): after a timeout the producer accepts only the
     * same call again, so aborting instead would fail. False when a stop was requested meanwhile.
     */
    private boolean retryingTimeouts(Runnable call, String what) {
        return retryingTimeouts(call, attempt -> {
            metrics.outage();
            LOG.warn("Stage {}: {} timed out (attempt {}), trying again", settings.stage(), what, attempt);
            return pause(settings.outageBackoff().backoffBefore(attempt + 1));
        });
    }

    /**
     * Runs {@code call} until it ends without a {@link TimeoutException}; after the n-th timeout
     * {@code afterTimeout.test(n)} waits and says whether to go on. False when it said not to.
     */
    static boolean retryingTimeouts(Runnable call, IntPredicate afterTimeout) {
        for (int attempt = 1; ; attempt++) {
            try {
                call.run();
                return true;
            } catch (TimeoutException e) {
                if (!afterTimeout.test(attempt)) {
                    return false;
                }
            }
        }
    }

    /** The serialized outputs of one record, or null when one breaks its schema (the record is then dead-lettered). */
    private List<ProducerRecord<byte[], byte[]>> serialize(Readable source, List<OutputRecord<?>> outputs) {
        List<ProducerRecord<byte[], byte[]>> serialized = new ArrayList<>(outputs.size());
        for (OutputRecord<?> output : outputs) {
            try {
                serialized.add(serializeOne(output));
            } catch (RuntimeException e) {
                if (isOutage(e)) {
                    throw new Outage("cannot serialize an output of " + source.input().coordinates(), e);
                }
                deadLetter(source.raw(), e, DeadLetterReason.INVALID_OUTPUT, 1);
                return null;
            }
        }
        return serialized;
    }

    private <T> ProducerRecord<byte[], byte[]> serializeOne(OutputRecord<T> output) {
        @SuppressWarnings("unchecked")
        OutputSerializers<T> serializers = (OutputSerializers<T>) outputSerializers.computeIfAbsent(
                output.topic().name(), name -> new OutputSerializers<>(output.topic(), settings.serdeConfig()));
        return serializers.record(output.key(), output.value(), new RecordHeaders());
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> raw, Throwable error, DeadLetterReason reason, int attempt) {
        String note = "";
        ByteBuffer payload = null;
        String payloadUri = null;
        if (raw.value() != null) {
            if (raw.value().length <= settings.deadLetterInlineLimit()) {
                payload = ByteBuffer.wrap(raw.value());
            } else if (deadLetterStore != null) {
                ObjectRef ref = new ObjectRef(ObjectStoreLayout.DEAD_LETTERS_BUCKET, coordinates(raw));
                try {
                    if (!deadLetterBucketReady) {
                        deadLetterStore.ensureBucket(ref.bucket());
                        deadLetterBucketReady = true;
                    }
                    deadLetterStore.put(ref, raw.value(), "application/octet-stream");
                } catch (RuntimeException e) {
                    throw new Outage("cannot store the payload of dead letter " + ref, e);
                }
                payloadUri = ref.format();
            } else {
                note = " (payload of " + raw.value().length + " bytes not kept: over the inline limit, no object store)";
            }
        }
        DeadLetter letter = DeadLetter.newBuilder()
                .setOriginalTopic(raw.topic())
                .setPartition(raw.partition())
                .setOffset(raw.offset())
                .setKey(raw.key() == null ? null : ByteBuffer.wrap(raw.key()))
                .setPayload(payload)
                .setPayloadUri(payloadUri)
                .setStage(settings.stage())
                .setErrorClass(error.getClass().getName())
                .setErrorMessage(reason + ": " + describe(error) + note)
                .setAttempt(attempt)
                .setFailedAt(Instant.now())
                .build();
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, reason.name().getBytes(StandardCharsets.UTF_8));
        headers.add(STAGE_HEADER, settings.stage().getBytes(StandardCharsets.UTF_8));
        producer.send(deadLetterSerializers.record(coordinates(raw), letter, headers));
        LOG.info("Stage {}: dead-lettered {} ({}): {}", settings.stage(), coordinates(raw), reason, describe(error));
    }

    private Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            offsets.merge(partitionOf(record), new OffsetAndMetadata(record.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    /**
     * Seeks back to the first offset of each partition of the batch (and of the batch started after it,
     * if any, and the records gathered after them).
     */
    private void rewind(List<ConsumerRecord<byte[], byte[]>> batch, InFlight following) {
        Map<TopicPartition, Long> earliest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            earliest.merge(partitionOf(record), record.offset(), Math::min);
        }
        if (following != null) {
            for (ConsumerRecord<byte[], byte[]> record : following.records) {
                earliest.merge(partitionOf(record), record.offset(), Math::min);
            }
        }
        for (ConsumerRecord<byte[], byte[]> record : pending) {
            earliest.merge(partitionOf(record), record.offset(), Math::min);
        }
        pending.clear();
        Set<TopicPartition> assigned = consumer.assignment();
        earliest.forEach((partition, offset) -> {
            if (assigned.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    /** Waits {@code pause} unless a stop is requested; false when it was. */
    private boolean pause(Duration pause) {
        try {
            return !stopRequested.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested.countDown();
            return false;
        }
    }

    /** Lets the processing thread finish what it runs (up to 30 s) and ends it. */
    private void stopProcessing() {
        processing.shutdown();
        try {
            if (!processing.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Stage {}: the processing thread did not finish within {}", settings.stage(), CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeClients() {
        if (!clientsClosed.compareAndSet(false, true)) {
            return;
        }
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (KafkaException e) {
            LOG.warn("Stage {}: closing the producer failed: {}", settings.stage(), e.toString());
        }
        try {
            consumer.close();
        } catch (KafkaException e) {
            LOG.warn("Stage {}: closing the consumer failed: {}", settings.stage(), e.toString());
        }
        keyDeserializer.close();
        valueDeserializer.close();
        outputSerializers.values().forEach(OutputSerializers::close);
        deadLetterSerializers.close();
    }

    /** Whether {@code error} is an outage to wait out rather than a fault of the record. */
    private static boolean isOutage(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause() == current ? null : current.getCause()) {
            if (current instanceof RegistryException registry) {
                return registry.isOutage();
            }
            if (current instanceof TransientFailure) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage() != null ? error.getMessage() : error.getClass().getName()));
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != error && root.getMessage() != null && !text.toString().contains(root.getMessage())) {
            text.append(" (caused by ").append(root.getClass().getName()).append(": ").append(root.getMessage()).append(')');
        }
        return text.toString();
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    private static String coordinates(ConsumerRecord<?, ?> record) {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    @SuppressWarnings("unchecked")
    private InputRecord<V> cast(InputRecord<?> record) {
        return (InputRecord<V>) record;
    }

    private static Properties consumerProperties(ProcessingLoopSettings settings) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.stage() + "-consumer-" + settings.transactionalId());
        properties.putAll(settings.consumerProperties());
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.batchMaxRecords()));
        return properties;
    }

    private static Properties producerProperties(ProcessingLoopSettings settings) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, settings.stage() + "-producer-" + settings.transactionalId());
        properties.putAll(settings.producerProperties());
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return properties;
    }

    /** The key and value serializers of one output topic. */
    private static final class OutputSerializers<T> {
        private final String topic;
        private final Serializer<String> keys;
        private final Serializer<T> values;

        OutputSerializers(Topic<String, T> topic, Map<String, ?> serdeConfig) {
            this.topic = topic.name();
            this.keys = topic.keySerde(serdeConfig).serializer();
            this.values = topic.valueSerde(serdeConfig).serializer();
        }

        ProducerRecord<byte[], byte[]> record(String key, T value, RecordHeaders headers) {
            return new ProducerRecord<>(topic, null, keys.serialize(topic, headers, key), values.serialize(topic, headers, value),
                    headers);
        }

        void close() {
            keys.close();
            values.close();
        }
    }

    /**
     * Describes a {@link ProcessingLoop}: its settings, input topic and processor, plus optional
     * metrics, health and an object store for large dead-letter payloads.
     *
     * @param <V> the input value type
     */
    public static final class Builder<V> {
        private final ProcessingLoopSettings settings;
        private final Topic<String, V> input;
        private final BatchProcessor<V> processor;
        private WorkerMetrics metrics;
        private Health health;
        private ObjectStore deadLetterStore;

        private Builder(ProcessingLoopSettings settings, Topic<String, V> input, BatchProcessor<V> processor) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.input = Objects.requireNonNull(input, "input");
            this.processor = Objects.requireNonNull(processor, "processor");
        }

        /** Metrics to update (default: new ones for the stage). */
        public Builder<V> metrics(WorkerMetrics workerMetrics) {
            this.metrics = workerMetrics;
            return this;
        }

        /** Health to report (default: a new one). */
        public Builder<V> health(Health workerHealth) {
            this.health = workerHealth;
            return this;
        }

        /** Where to keep dead-letter payloads over the inline limit (default: nowhere; they are dropped and noted). */
        public Builder<V> deadLetterStore(ObjectStore store) {
            this.deadLetterStore = store;
            return this;
        }

        /** Creates the loop and its Kafka clients; nothing runs until {@link ProcessingLoop#run()}. */
        public ProcessingLoop<V> build() {
            return new ProcessingLoop<>(this);
        }
    }
}
