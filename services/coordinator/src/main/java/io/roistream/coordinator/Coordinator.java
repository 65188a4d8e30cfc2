package io.roistream.coordinator;

import io.roistream.coordinator.training.ObjectStoreManifestStore;
import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.metrics.Health;
import io.roistream.runtime.metrics.MetricsServer;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running coordinator instance: the object store (manifests), the Kafka Streams application
 * of {@link CoordinatorTopology} and the {@code /metrics} and {@code /health} server (UP while
 * Kafka Streams is RUNNING or REBALANCING). Several instances with the same application id share
 * the work: state stores live in changelog topics, with {@code coordinator.standby-replicas} warm
 * copies. A stream thread that dies of an exception (an object store that stays down, say) is
 * replaced and resumes from its last commit, up to {@code coordinator.thread-replacements.max} times
 * within {@code coordinator.thread-replacements.window}; one failure more, or a missing input topic,
 * stops the instance (Kafka Streams ERROR, {@code /health} DOWN for good) instead of a silent crash
 * loop ({@link StreamThreadFailures}).
 */
public final class Coordinator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ObjectStore store;
    private final KafkaStreams streams;
    private final MetricsServer server;
    private final CoordinatorMetrics metrics;
    private final Health health;
    private final CountDownLatch stopped;
    private final StreamThreadFailures failures;
    private volatile String fatal;
    private volatile KafkaStreams.State finalState;
    private boolean closed;

    private Coordinator(ObjectStore store, KafkaStreams streams, MetricsServer server, CoordinatorMetrics metrics,
                        Health health, CountDownLatch stopped, StreamThreadFailures failures) {
        this.store = store;
        this.streams = streams;
        this.server = server;
        this.metrics = metrics;
        this.health = health;
        this.stopped = stopped;
        this.failures = failures;
    }

    /**
     * Reads the settings, connects to the object store (creating the manifests bucket), starts the
     * metrics server and then Kafka Streams.
     *
     * @throws io.roistream.runtime.config.ConfigException for a missing or malformed setting
     * @throws IOException when the metrics port cannot be opened
     */
    public static Coordinator start(Configuration config) throws IOException {
        CoordinatorSettings settings = CoordinatorSettings.fromConfiguration(config);
        ObjectStore store = ObjectStore.connect(ObjectStoreSettings.fromConfiguration(config));
        try {
            store.ensureBucket(ObjectStoreLayout.MANIFESTS_BUCKET);
            CoordinatorMetrics metrics = new CoordinatorMetrics();
            Health health = new Health();
            MetricsServer server = MetricsServer.start(settings.metricsHost(), settings.metricsPort(),
                    metrics.worker(), health);
            KafkaStreams streams = null;
            try {
                streams = new KafkaStreams(
                        CoordinatorTopology.buildTopology(settings, new ObjectStoreManifestStore(store), metrics),
                        settings.streamsProperties(metrics));
                Coordinator coordinator = new Coordinator(store, streams, server, metrics, health, new CountDownLatch(1),
                        StreamThreadFailures.onSystemClock(settings.threadReplacements()));
                streams.setStateListener(coordinator::onStateChange);
                streams.setUncaughtExceptionHandler(coordinator::onStreamThreadFailure);
                streams.start();
                LOG.info("Coordinator {} started: backbone {}, {}, metrics on port {}", settings.applicationId(),
                        settings.backboneId(), settings.training(), server.port());
                return coordinator;
            } catch (RuntimeException e) {
                if (streams != null) {
                    streams.close(CLOSE_TIMEOUT);
                }
                server.close();
                throw e;
            }
        } catch (IOException | RuntimeException | Error e) {
            store.close();
            throw e;
        }
    }

    /** The Kafka Streams application (for interactive queries of its stores). */
    public KafkaStreams streams() {
        return streams;
    }

    /** The coordinator's metrics. */
    public CoordinatorMetrics metrics() {
        return metrics;
    }

    /** UP while Kafka Streams is RUNNING or REBALANCING; DOWN for good once stream-thread failures stopped it. */
    public Health health() {
        return health;
    }

    /** The port {@code /metrics} and {@code /health} answer on. */
    public int metricsPort() {
        return server.port();
    }

    /**
     * Blocks until Kafka Streams stops (after {@link #close()}, or on its own after an error).
     *
     * @return the state it stopped in: NOT_RUNNING, or ERROR
     */
    public KafkaStreams.State awaitStop() throws InterruptedException {
        stopped.await();
        return finalState;
    }

    /**
     * Closes Kafka Streams (committing what was processed, waiting up to 30 s), then the metrics
     * server and the object store. Safe from any thread (a shutdown hook), more than once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Coordinator stopping");
        try {
            if (!streams.close(CLOSE_TIMEOUT)) {
                LOG.warn("Kafka Streams did not stop within {}", CLOSE_TIMEOUT);
            }
        } finally {
            try {
                server.close();
            } finally {
                store.close();
            }
        }
    }

    private void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        String why = fatal;
        if (why != null) {
            health.fail(why + " (Kafka Streams " + newState + ")");
        } else if (newState == KafkaStreams.State.RUNNING || newState == KafkaStreams.State.REBALANCING) {
            health.up("Kafka Streams " + newState);
        } else {
            health.down("Kafka Streams " + newState);
        }
        if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
            finalState = newState;
            stopped.countDown();
        }
    }

    private StreamThreadExceptionResponse onStreamThreadFailure(Throwable failure) {
        StreamThreadFailures.Verdict verdict = failures.onFailure(failure);
        if (verdict.shutdown()) {
            LOG.error("Stopping the coordinator: {}", verdict.detail(), failure);
            fatal = "stopped: " + verdict.detail();
            health.fail(fatal);
            metrics.streamThreadFailed("shutdown");
        } else {
            LOG.error("Replacing the stream thread (it resumes from its last commit): {}", verdict.detail(), failure);
            metrics.streamThreadFailed("replace");
        }
        return verdict.response();
    }
}
