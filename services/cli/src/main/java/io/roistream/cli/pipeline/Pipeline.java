package io.roistream.cli.pipeline;

import io.roistream.stack.StackEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole roistream workflow as child processes: the coordinator, the labeler, the trainer and
 * the inference worker, started against one stack, each with its own metrics port and log file
 * under a work folder. {@link #start} returns once every {@code /health} answers 200; closing
 * stops them all (SIGTERM, then force), in the reverse order. A service started but not yet
 * stopped is also stopped when this JVM exits (each {@link ServiceProcess}'s shutdown hook), even
 * while {@link Builder#start} still waits for the others.
 *
 * <pre>{@code
 * try (Pipeline pipeline = Pipeline.builder(endpoints, workDir).trainingNewLabels(40).start()) {
 *     ... produce LabelRequests / Questions, read RoiAnswers ...
 * }
 * }</pre>
 */
public final class Pipeline implements AutoCloseable {

    private final Map<ServiceModule, ServiceProcess> processes;
    private final Path workDir;

    private Pipeline(Map<ServiceModule, ServiceProcess> processes, Path workDir) {
        this.processes = processes;
        this.workDir = workDir;
    }

    /** The settings every service needs to reach {@code endpoints}: Kafka, the registry, the object store. */
    public static Map<String, String> endpointsConfig(StackEndpoints endpoints) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap-servers", endpoints.bootstrapServers());
        config.put("schema.registry.url", endpoints.schemaRegistryUrl());
        config.put("objectstore.endpoint", endpoints.objectStoreEndpoint());
        config.put("objectstore.access-key", endpoints.objectStoreAccessKey());
        config.put("objectstore.secret-key", endpoints.objectStoreSecretKey());
        return config;
    }

    /** A builder for a pipeline against {@code endpoints}, logs and coordinator state under {@code workDir}. */
    public static Builder builder(StackEndpoints endpoints, Path workDir) {
        return new Builder(endpoints, workDir);
    }

    /** The running process of one service. */
    public ServiceProcess process(ServiceModule module) {
        return processes.get(module);
    }

    /** All processes, in start order. */
    public List<ServiceProcess> processes() {
        return List.copyOf(processes.values());
    }

    /** Where the logs (and the coordinator's state) are. */
    public Path workDir() {
        return workDir;
    }

    /** Stops every service (reverse start order), each with {@link ServiceProcess#DEFAULT_GRACE}. */
    @Override
    public void close() {
        List<ServiceProcess> reversed = new ArrayList<>(processes.values());
        Collections.reverse(reversed);
        for (ServiceProcess process : reversed) {
            process.destroyAsync();
        }
        RuntimeException failure = null;
        for (ServiceProcess process : reversed) {
            try {
                process.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * What to start. Defaults suit a small machine: one model thread per worker, batches of 8,
     * metrics on free ports, N = 200 new labels per training trigger.
     */
    public static final class Builder {
        private final StackEndpoints endpoints;
        private final Path workDir;
        private Path root;
        private final Map<ServiceModule, Map<String, String>> overrides = new EnumMap<>(ServiceModule.class);
        private final Map<ServiceModule, Integer> ports = new EnumMap<>(ServiceModule.class);
        private Duration startTimeout = Duration.ofMinutes(3);

        private Builder(StackEndpoints endpoints, Path workDir) {
            this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
            this.workDir = workDir.toAbsolutePath();
            for (ServiceModule module : ServiceModule.values()) {
                overrides.put(module, new LinkedHashMap<>());
            }
            set(ServiceModule.LABELER, "model.threads", "1");
            set(ServiceModule.TRAINER, "model.threads", "1");
            set(ServiceModule.INFERENCE, "model.threads", "1");
            set(ServiceModule.COORDINATOR, "coordinator.state-dir", this.workDir.resolve("coordinator-state").toString());
        }

        /** The roistream checkout whose built modules run (default {@link RoistreamHome#find()}). */
        public Builder root(Path root) {
            this.root = root;
            return this;
        }

        /** N: the coordinator triggers a training after this many new pseudo-labels. */
        public Builder trainingNewLabels(int n) {
            return set(ServiceModule.COORDINATOR, "coordinator.training.new-labels", Integer.toString(n))
                    .set(ServiceModule.COORDINATOR, "coordinator.training.time-min-new-labels",
                            Integer.toString(Math.min(n, 20)));
        }

        /** Micro-batch size of the labeler and the inference worker. */
        public Builder batchSize(int records) {
            return set(ServiceModule.LABELER, "kafka.batch.max-records", Integer.toString(records))
                    .set(ServiceModule.INFERENCE, "kafka.batch.max-records", Integer.toString(records));
        }

        /** PyTorch intra-op threads of each model worker. */
        public Builder modelThreads(int threads) {
            return set(ServiceModule.LABELER, "model.threads", Integer.toString(threads))
                    .set(ServiceModule.TRAINER, "model.threads", Integer.toString(threads))
                    .set(ServiceModule.INFERENCE, "model.threads", Integer.toString(threads));
        }

        /** Any configuration key of one service (see the module's README). */
        public Builder set(ServiceModule module, String key, String value) {
            overrides.get(module).put(key, value);
            return this;
        }

        /** A fixed metrics port for one service (default: a free port). */
        public Builder metricsPort(ServiceModule module, int port) {
            ports.put(module, port);
            return this;
        }

        /** How long to wait for every service to be healthy (default 3 minutes). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Starts the four services and waits until all are healthy; stops those started if one fails. */
        public Pipeline start() {
            Path home = root != null ? root : RoistreamHome.find();
            Map<ServiceModule, ServiceProcess> started = new LinkedHashMap<>();
            Pipeline pipeline = new Pipeline(started, workDir);
            try {
                for (ServiceModule module : ServiceModule.values()) {
                    Map<String, String> config = new LinkedHashMap<>(endpointsConfig(endpoints));
                    config.putAll(overrides.get(module));
                    int port = ports.containsKey(module) ? ports.get(module) : freePort();
                    started.put(module, ServiceProcess.start(module.launch(home, port, config,
                            workDir.resolve("logs").resolve(module.id() + ".log"))));
                }
                for (ServiceProcess process : started.values()) {
                    process.awaitHealthy(startTimeout);
                }
                return pipeline;
            } catch (RuntimeException e) {
                try {
                    pipeline.close();
                } catch (RuntimeException stopFailure) {
                    e.addSuppressed(stopFailure);
                }
                throw e;
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port", e);
            }
        }
    }
}
