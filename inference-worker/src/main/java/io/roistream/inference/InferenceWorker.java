package io.roistream.inference;

import ai.djl.Device;
import io.roistream.events.InferenceTask;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.Engines;
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
 * One inference worker, wired from its configuration: the object store, the backbone on its
 * device, the checkpoint catalog following {@code roi.checkpoints}, the checkpoint cache, the
 * exactly-once loop from {@code roi.inference-tasks} to {@code roi.answers} (dead letters to
 * {@code roi.dead-letters}) and the {@code /metrics} and {@code /health} server. {@link #run()}
 * blocks until {@link #close()}; several instances with the same {@code kafka.group-id} share the
 * partitions.
 */
public final class InferenceWorker implements Runnable, AutoCloseable {

    /** The stage name in dead letters and metrics. */
    public static final String STAGE = "inference";

    private static final Logger LOG = LoggerFactory.getLogger(InferenceWorker.class);
    /** The engine's seed; greedy decoding draws nothing, so answers do not depend on it. */
    private static final long ENGINE_SEED = 0;

    /** What the worker opened, closed last to first; the loop is last, so it stops before the rest closes. */
    private final List<AutoCloseable> parts;
    private final ProcessingLoop<InferenceTask> loop;
    private final MetricsServer server;
    private final InferenceCounters counters;
    private final CheckpointCatalog catalog;
    private final CheckpointCache cache;
    private final String backboneId;
    private boolean closed;

    private InferenceWorker(List<AutoCloseable> opened, ProcessingLoop<InferenceTask> loop, MetricsServer server,
                            InferenceCounters counters, CheckpointCatalog catalog, CheckpointCache cache,
                            String backboneId) {
        List<AutoCloseable> parts = new ArrayList<>(opened);
        parts.remove(loop);
        parts.add(loop);
        this.parts = List.copyOf(parts);
        this.loop = loop;
        this.server = server;
        this.counters = counters;
        this.catalog = catalog;
        this.cache = cache;
        this.backboneId = backboneId;
    }

    /**
     * Reads every setting, connects to the object store (creating the overlay bucket), loads the
     * backbone, starts following {@code roi.checkpoints}, builds the loop and starts the metrics
     * server; {@link #run()} then consumes.
     *
     * @throws io.roistream.runtime.config.ConfigException for a missing or malformed setting
     * @throws IOException when the backbone or the metrics port cannot be opened
     */
    public static InferenceWorker start(Configuration config) throws IOException {
        InferenceSettings settings = InferenceSettings.fromConfiguration(config);
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
            AnswerEngine engine = AnswerEngine.of(backbone, manifest, settings.cropGeometry());
            AnswerObjects objects = new AnswerObjects(store);
            objects.ensureBuckets();
            WorkerMetrics metrics = new WorkerMetrics(STAGE);
            InferenceCounters counters = new InferenceCounters(metrics);
            CheckpointCache cache = new CheckpointCache(store::getBytes, backbone, manifest,
                settings.checkpointCacheSize(), settings.checkpointMaxBytes(), counters);
            opened.add(cache);
            CheckpointCatalog catalog = new CheckpointCatalog();
            ParallelTransfers writes = ParallelTransfers.fromConfiguration(config, STAGE);
            opened.add(writes);
            OverlayWriter overlays = settings.overlays()
                ? new OverlayWriter(objects, engine.grid(), engine.viewSize(), writes) : null;
            Clock clock = Clock.systemUTC();
            InferenceBatchProcessor processor = new InferenceBatchProcessor(
                new TaskCheck(new ImageIntake(store, limits), engine.encoder(), clock), catalog,
                settings.checkpointWait(), cache, engine, settings.roiThreshold(),
                new RoiAnswers(manifest.name(), engine.grid(), engine.viewSize()),
                overlays, counters, clock);
            ProcessingLoop<InferenceTask> loop = ProcessingLoop.builder(loopSettings, Topics.INFERENCE_TASKS, processor)
                .metrics(metrics).deadLetterStore(store).build();
            opened.add(loop);
            opened.add(CheckpointCatalogReader.start(loopSettings.bootstrapServers(), loopSettings.serdeConfig(),
                loopSettings.consumerProperties(), catalog, loop.health(), counters::unreadableCheckpointEvent));
            MetricsServer server = MetricsServer.start(settings.metricsHost(), settings.metricsPort(), metrics,
                loop.health());
            opened.add(server);
            LOG.info("Inference worker ready: backbone {} on {}, tau {}, crops {},"
                    + " {} checkpoint versions cached; group {}, metrics on port {}", manifest.name(), device,
                settings.roiThreshold(), settings.cropGeometry(),
                settings.checkpointCacheSize(), loopSettings.groupId(), server.port());
            return new InferenceWorker(opened, loop, server, counters, catalog, cache, manifest.name());
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

    /** The loop's metrics (the worker's counters are in the same registry). */
    public WorkerMetrics metrics() {
        return loop.metrics();
    }

    /** UP while consuming. */
    public Health health() {
        return loop.health();
    }

    /** Answers, phases and checkpoint loads so far. */
    public InferenceCounters counters() {
        return counters;
    }

    /** The checkpoint versions known from {@code roi.checkpoints}. */
    public CheckpointCatalog catalog() {
        return catalog;
    }

    /** The checkpoint versions loaded now. */
    public List<String> loadedVersions() {
        return cache.loadedVersions();
    }

    /** The backbone id answers carry (its manifest's name). */
    public String backboneId() {
        return backboneId;
    }

    /**
     * Stops the loop (waiting for its batch to commit or abort), then closes the checkpoint reader,
     * the metrics server, the checkpoints, the backbone and the object store. Safe from any thread
     * (a shutdown hook), more than once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Inference worker stopping");
        RuntimeException failure = new RuntimeException("closing the inference worker failed");
        closeAll(parts, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
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
