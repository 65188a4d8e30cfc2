package io.roistream.runtime.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;

/**
 * The Prometheus metrics of one worker stage, in a registry of its own: records in and out per
 * topic, dead letters per reason, aborted transactions, retries, outages, batch latency and size, and the
 * consumer lag per partition, and how busy the processing thread (the model) is: the wall time it spends
 * in the processor's first steps and its CPU time in them (wall minus CPU is time it was runnable or
 * blocked but not running). Every series carries the {@code stage} label.
 */
public final class WorkerMetrics {

    private final String stage;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter recordsIn;
    private final Counter recordsOut;
    private final Counter deadLetters;
    private final Counter abortedTransactions;
    private final Counter retries;
    private final Counter outages;
    private final Counter leftToNewOwner;
    private final Histogram batchSeconds;
    private final Histogram batchRecords;
    private final Gauge consumerLag;
    private final Counter processingBusy;
    private final Counter processingCpu;
    private final Counter preparation;

    /** Metrics of {@code stage} (e.g. {@code labeler}). */
    public WorkerMetrics(String stage) {
        this.stage = stage;
        recordsIn = Counter.builder().name("roistream_records_in").help("Records read from an input topic")
                .labelNames("stage", "topic").register(registry);
        recordsOut = Counter.builder().name("roistream_records_out").help("Records written to an output topic in committed transactions")
                .labelNames("stage", "topic").register(registry);
        deadLetters = Counter.builder().name("roistream_dead_letters").help("Records sent to the dead-letter topic")
                .labelNames("stage", "reason").register(registry);
        abortedTransactions = Counter.builder().name("roistream_transactions_aborted")
                .help("Transactions aborted (their outputs discarded)").labelNames("stage", "cause").register(registry);
        retries = Counter.builder().name("roistream_batch_retries").help("Batches tried again after a transient failure")
                .labelNames("stage").register(registry);
        outages = Counter.builder().name("roistream_outages")
                .help("Batches read again because Kafka, the registry or the object store failed").labelNames("stage")
                .register(registry);
        leftToNewOwner = Counter.builder().name("roistream_records_left_at_rebalance")
                .help("Processed but uncommitted records of partitions revoked meanwhile, left to their new owner")
                .labelNames("stage").register(registry);
        batchSeconds = Histogram.builder().name("roistream_batch_duration_seconds")
                .help("Time from a batch's processing start to its commit").unit(Unit.SECONDS)
                .classicOnly().classicExponentialUpperBounds(0.005, 2, 14).labelNames("stage").register(registry);
        batchRecords = Histogram.builder().name("roistream_batch_records").help("Records per committed batch")
                .classicOnly().classicExponentialUpperBounds(1, 2, 11).labelNames("stage").register(registry);
        consumerLag = Gauge.builder().name("roistream_consumer_lag_records")
                .help("Records behind the end of the partition, as the consumer last saw it")
                .labelNames("stage", "topic", "partition").register(registry);
        processingBusy = Counter.builder().name("roistream_processing_busy_seconds")
                .help("Wall time the processing thread spent in batches' processing steps (the model's work)")
                .unit(Unit.SECONDS).labelNames("stage").register(registry);
        processingCpu = Counter.builder().name("roistream_processing_cpu_seconds")
                .help("CPU time of the processing thread in batches' processing steps")
                .unit(Unit.SECONDS).labelNames("stage").register(registry);
        preparation = Counter.builder().name("roistream_preparation_seconds")
                .help("Wall time the loop thread spent preparing batches (checking and decoding their images)"
                        + " before queueing them for the processing thread")
                .unit(Unit.SECONDS).labelNames("stage").register(registry);
    }

    /** The registry holding these metrics (what the metrics endpoint serves). */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** The stage label. */
    public String stage() {
        return stage;
    }

    /** {@code count} records were read from {@code topic}. */
    public void recordsIn(String topic, int count) {
        recordsIn.labelValues(stage, topic).inc(count);
    }

    /** {@code count} records were written to {@code topic} in a committed transaction. */
    public void recordsOut(String topic, int count) {
        recordsOut.labelValues(stage, topic).inc(count);
    }

    /** A record was dead-lettered for {@code reason}. */
    public void deadLettered(String reason) {
        deadLetters.labelValues(stage, reason).inc();
    }

    /** A transaction was aborted because of {@code cause} (a short word, e.g. {@code transient}, {@code kafka}). */
    public void transactionAborted(String cause) {
        abortedTransactions.labelValues(stage, cause).inc();
    }

    /** A batch is tried again. */
    public void batchRetried() {
        retries.labelValues(stage).inc();
    }

    /** A batch is read again after an outage of Kafka, the registry or the object store. */
    public void outage() {
        outages.labelValues(stage).inc();
    }

    /** {@code count} processed but uncommitted records were dropped because their partitions were revoked. */
    public void leftAtRebalance(int count) {
        leftToNewOwner.labelValues(stage).inc(count);
    }

    /** A batch of {@code records} records was committed {@code elapsed} after its processing began. */
    public void batchCommitted(int records, Duration elapsed) {
        batchRecords.labelValues(stage).observe(records);
        batchSeconds.labelValues(stage).observe(elapsed.toNanos() / 1e9);
    }

    /**
     * The processing thread spent {@code wallNanos} in one batch's processing step, {@code cpuNanos} of
     * it on a CPU (negative when the JVM cannot measure thread CPU time: then only the wall time counts).
     */
    public void processingStep(long wallNanos, long cpuNanos) {
        processingBusy.labelValues(stage).inc(wallNanos / 1e9);
        if (cpuNanos >= 0) {
            processingCpu.labelValues(stage).inc(cpuNanos / 1e9);
        }
    }

    /** The loop thread spent {@code wallNanos} preparing one batch. */
    public void preparation(long wallNanos) {
        preparation.labelValues(stage).inc(wallNanos / 1e9);
    }

    /** Partition {@code partition} of {@code topic} is {@code lag} records behind. */
    public void consumerLag(String topic, int partition, long lag) {
        consumerLag.labelValues(stage, topic, Integer.toString(partition)).set(lag);
    }

    /** Partition {@code partition} of {@code topic} is no longer this instance's: its lag series goes. */
    public void forgetPartition(String topic, int partition) {
        consumerLag.remove(stage, topic, Integer.toString(partition));
    }
}
