package io.roistream.labeler;

import ai.djl.Device;
import io.roistream.events.LabelRequest;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.Engines;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.images.ImageIntake;
import io.roistream.runtime.images.ImageLimits;
import io.roistream.runtime.kafka.ProcessingLoop;
import io.roistream.runtime.kafka.ProcessingLoopSettings;
import io.roistream.runtime.metrics.Health;
import io.roistream.runtime.metrics.MetricsServer;
import io.roistream.runtime.metrics.WorkerMetrics;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import io.roistream.runtime.objectstore.ParallelTransfers;
import io.roistream.schemas.Topics;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One labeler instance, wired from its configuration: the object store, the backbone on its
 * device with its manifest's grounding, the exactly-once loop from {@code roi.label-requests} to
 * {@code roi.pseudo-labels} (dead letters to {@code roi.dead-letters}, large payloads to the
 * store) and the {@code /metrics} and {@code /health} server. {@link #run()} blocks until
 * {@link #close()}; several instances with the same {@code kafka.group-id} share the partitions.
 */
public final class LabelerWorker implements Runnable, AutoCloseable {

    /** The stage name in dead letters and metrics. */
    public static final String STAGE = "labeler";

    private static final Logger LOG = LoggerFactory.getLogger(LabelerWorker.class);
    /** The engine's seed; greedy decoding draws nothing, so labels do not depend on it. */
    private static final long ENGINE_SEED = 0;

    private final ObjectStore store;
    private final DjlBackbone backbone;
    private final ParallelTransfers writes;
    private final ProcessingLoop<LabelRequest> loop;
    private final MetricsServer server;
    private final LabelCounters counters;
    private final PseudoLabelEvents events;
    private boolean closed;

    private LabelerWorker(ObjectStore store, DjlBackbone backbone, ParallelTransfers writes,
                          ProcessingLoop<LabelRequest> loop, MetricsServer server, LabelCounters counters,
                          PseudoLabelEvents events) {
        this.store = store;
        this.backbone = backbone;
        this.writes = writes;
        this.loop = loop;
        this.server = server;
        this.counters = counters;
        this.events = events;
    }

    /**
     * Reads every setting, connects to the object store (creating the labeler's buckets), loads the
     * backbone, builds the loop and starts the metrics server; {@link #run()} then consumes.
     *
     * @throws io.roistream.runtime.config.ConfigException for a missing or malformed setting
     * @throws IOException when the backbone or the metrics port cannot be opened
     */
    public static LabelerWorker start(Configuration config) throws IOException {
        LabelerSettings settings = LabelerSettings.fromConfiguration(config);
        ProcessingLoopSettings loopSettings = ProcessingLoopSettings.fromConfiguration(config, STAGE);
        ObjectStoreSettings storeSettings = ObjectStoreSettings.fromConfiguration(config);
        ImageLimits limits = ImageLimits.fromConfiguration(config);
        Engines.configure(settings.threads(), ENGINE_SEED);
        Device device = Engines.device(settings.device());
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            ObjectStore store = ObjectStore.connect(storeSettings);
            opened.add(store);
            DefaultBackbone.Loaded loaded = DefaultBackbone.open(settings.backbone(), device);
            BackboneManifest manifest = loaded.manifest();
            DjlBackbone backbone = loaded.backbone();
            opened.add(backbone);
            PseudoLabeler labeler = PseudoLabeler.of(backbone, manifest);
            PseudoLabelEvents events = PseudoLabelEvents.of(manifest, labeler);
            LabelObjects objects = new LabelObjects(store, events.backboneId());
            objects.ensureBuckets();
            WorkerMetrics metrics = new WorkerMetrics(STAGE);
            LabelCounters counters = new LabelCounters(metrics);
            ParallelTransfers writes = ParallelTransfers.fromConfiguration(config, STAGE);
            opened.add(writes);
            LabelBatchProcessor processor = new LabelBatchProcessor(
                new LabelRequestCheck(new ImageIntake(store, limits), labeler), labeler, objects, writes, events,
                counters, Clock.systemUTC());
            ProcessingLoop<LabelRequest> loop = ProcessingLoop.builder(loopSettings, Topics.LABEL_REQUESTS, processor)
                .metrics(metrics).deadLetterStore(store).build();
            opened.add(loop);
            MetricsServer server = MetricsServer.start(settings.metricsHost(), settings.metricsPort(), metrics,
                loop.health());
            opened.add(server);
            LOG.info("Labeler ready: backbone {} ({}) on {}, {}; group {}, metrics on port {}", events.backboneId(),
                events.backboneVersion(), device, events.labelerVersion(), loopSettings.groupId(), server.port());
            return new LabelerWorker(store, backbone, writes, loop, server, counters, events);
        } catch (IOException | RuntimeException | Error e) {
            closeAll(opened, e);
            throw e;
        }
    }

    /** Consumes until {@link #close()}; throws on a fatal Kafka error (health is DOWN then). */
    @Override
    public void run() {
        loop.run();
    }

    /** The port {@code /metrics} and {@code /health} answer on. */
    public int metricsPort() {
        return server.port();
    }

    /** The loop's metrics (the label counters are in the same registry). */
    public WorkerMetrics metrics() {
        return loop.metrics();
    }

    /** UP while consuming. */
    public Health health() {
        return loop.health();
    }

    /** Labels kept and dropped so far. */
    public LabelCounters counters() {
        return counters;
    }

    /** The lineage stamped on every label. */
    public PseudoLabelEvents events() {
        return events;
    }

    /**
     * Stops the loop (waiting for its batch to commit or abort), then closes the writer threads, the
     * metrics server, the backbone and the object store. Safe from any thread (a shutdown hook), more than once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Labeler stopping");
        // the loop first: it must stop using the backbone and the store before they close
        try {
            loop.close();
        } finally {
            writes.close();
            try {
                server.close();
            } finally {
                try {
                    backbone.close();
                } finally {
                    store.close();
                }
            }
        }
    }

    private static void closeAll(List<AutoCloseable> opened, Throwable cause) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    }
}
