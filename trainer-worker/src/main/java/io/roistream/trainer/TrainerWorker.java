package io.roistream.trainer;

import ai.djl.Device;
import io.roistream.events.TrainingTrigger;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.Engines;
import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.kafka.BatchProcessor;
import io.roistream.runtime.kafka.ProcessingLoop;
import io.roistream.runtime.kafka.ProcessingLoopSettings;
import io.roistream.runtime.metrics.Health;
import io.roistream.runtime.metrics.MetricsServer;
import io.roistream.runtime.metrics.WorkerMetrics;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import io.roistream.runtime.objectstore.ParallelTransfers;
import io.roistream.schemas.Topics;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running trainer: the backbone, the object store, the exactly-once loop over
 * {@code roi.training-triggers} and the metrics server.
 */
public final class TrainerWorker implements Runnable, AutoCloseable {

    /** The stage name in dead letters and metrics. */
    public static final String STAGE = "trainer";
    /** {@code model.backbone} value naming the backbone shipped in the model module. */
    public static final String SHIPPED_BACKBONE = DefaultBackbone.SHIPPED;

    /** The trainer's own keys, and where it differs from the runtime's defaults. */
    public static final Map<String, String> DEFAULTS = Map.of(
            "model.backbone", SHIPPED_BACKBONE,
            "model.device", "cpu",
            "model.threads", "2",
            "metrics.host", "0.0.0.0",
            "metrics.port", "9402",
            "kafka.group-id", "trainers",
            "kafka.batch.max-records", "1",
            "kafka.batch.max-wait", "10ms",
            // a training run can take long: the loop polls again only after it
            "kafka.consumer.max.poll.interval.ms", "3600000");

    private static final Logger LOG = LoggerFactory.getLogger(TrainerWorker.class);

    private final ObjectStore store;
    private final DjlBackbone backbone;
    private final ParallelTransfers transfers;
    private final ProcessingLoop<TrainingTrigger> loop;
    private final MetricsServer server;
    private boolean closed;

    private TrainerWorker(ObjectStore store, DjlBackbone backbone, ParallelTransfers transfers,
                          ProcessingLoop<TrainingTrigger> loop, MetricsServer server) {
        this.store = store;
        this.backbone = backbone;
        this.transfers = transfers;
        this.loop = loop;
        this.server = server;
    }

    /** Every default a trainer process starts from: the loop's, the object store's, the trainer's. */
    public static Map<String, String> processDefaults() {
        Map<String, String> defaults = new HashMap<>();
        defaults.putAll(ProcessingLoopSettings.DEFAULTS);
        defaults.putAll(ObjectStoreSettings.DEFAULTS);
        defaults.putAll(TrainerSettings.DEFAULTS);
        defaults.putAll(DEFAULTS);
        return defaults;
    }

    /**
     * Reads every setting, connects to the object store (creating the checkpoints bucket), loads the
     * backbone ({@code model.backbone}: {@value #SHIPPED_BACKBONE} or a folder) on {@code model.device}
     * with {@code model.threads}, builds the loop and starts the metrics server; {@link #run()} then consumes.
     *
     * @throws io.roistream.runtime.config.ConfigException for a missing or malformed setting
     * @throws IOException when the backbone or the metrics port cannot be opened
     */
    public static TrainerWorker start(Configuration config) throws IOException {
        TrainerSettings settings = TrainerSettings.fromConfiguration(config);
        ProcessingLoopSettings loopSettings = ProcessingLoopSettings.fromConfiguration(config, STAGE);
        ObjectStoreSettings storeSettings = ObjectStoreSettings.fromConfiguration(config);
        String backboneName = config.string("model.backbone");
        Engines.configure(config.integerAtLeast("model.threads", 1), settings.training().seed());
        Device device = Engines.device(config.string("model.device"));
        String metricsHost = config.string("metrics.host");
        int metricsPort = config.integerAtLeast("metrics.port", 0);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            ObjectStore store = ObjectStore.connect(storeSettings);
            opened.add(store);
            store.ensureBucket(ObjectStoreLayout.CHECKPOINTS_BUCKET);
            DefaultBackbone.Loaded loaded = DefaultBackbone.open(backboneName, device);
            BackboneManifest manifest = loaded.manifest();
            DjlBackbone backbone = loaded.backbone();
            opened.add(backbone);
            ParallelTransfers transfers = ParallelTransfers.fromConfiguration(config, STAGE);
            opened.add(transfers);
            WorkerMetrics metrics = new WorkerMetrics(STAGE);
            TriggerProcessor processor = new TriggerProcessor(new RpnTraining(backbone, manifest, settings),
                    new LabelSetReader(store, settings, transfers, manifest.version()), new CheckpointStore(store), settings,
                    new TrainerMetrics(metrics), Clock.systemUTC());
            ProcessingLoop<TrainingTrigger> loop = ProcessingLoop.builder(loopSettings, Topics.TRAINING_TRIGGERS,
                    BatchProcessor.perRecord(processor)).metrics(metrics).deadLetterStore(store).build();
            opened.add(loop);
            MetricsServer server = MetricsServer.start(metricsHost, metricsPort, metrics, loop.health());
            opened.add(server);
            LOG.info("Trainer ready: backbone {} on {}; group {}, metrics on port {}", manifest.name(), device,
                    loopSettings.groupId(), server.port());
            return new TrainerWorker(store, backbone, transfers, loop, server);
        } catch (IOException | RuntimeException | Error e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
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

    /** The loop's metrics (the trainer's series are in the same registry). */
    public WorkerMetrics metrics() {
        return loop.metrics();
    }

    /** UP while consuming. */
    public Health health() {
        return loop.health();
    }

    /**
     * Stops the loop (waiting for its batch to commit or abort), then closes the metrics server, the
     * download threads, the backbone and the object store. A training that outlives the loop's close
     * timeout keeps the last three: closing them under it would fail it natively; they go with the
     * process. Safe from any thread (a shutdown hook), more than once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.close();
        server.close();
        if (!loop.processingEnded()) {
            LOG.warn("A training is still running: its backbone, downloads and object store stay open until the"
                    + " process exits; its trigger is trained again by the next trainer");
            return;
        }
        transfers.close();
        backbone.close();
        store.close();
    }
}
