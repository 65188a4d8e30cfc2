package io.roistream.stack;

import io.roistream.stack.probe.Ports;
import io.roistream.stack.probe.Readiness;
import io.roistream.stack.process.DetachedProcesses;
import io.roistream.stack.process.JavaCommand;
import io.roistream.stack.provision.Buckets;
import io.roistream.stack.provision.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack: a single-node KRaft Kafka broker, S3Proxy on a filesystem store and the
 * schema registry, each a detached process on 127.0.0.1 with everything (configs, logs, pid files,
 * data) under one data directory, so that a later {@code up} on the same directory keeps topics,
 * objects and schema ids.
 *
 * <ul>
 *   <li>{@link #up} starts the services that are not running, in parallel, waits until each is
 *       ready, then creates the requested topics and buckets (existing ones are kept);</li>
 *   <li>{@link #status} reports which processes run, their pids and ports, and whether they answer;</li>
 *   <li>{@link #down} and {@link #stop} stop exactly the processes this stack started, identified by
 *       their pid files and verified by their command lines.</li>
 * </ul>
 */
public final class LocalStack {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 30;

    private LocalStack() {}

    /**
     * Starts what is not running yet and waits until the whole stack is ready.
     *
     * @param config data directory, ports and credentials
     * @param topics topics to create (existing ones are kept)
     * @param buckets buckets to create (existing ones are kept)
     * @return where the services answer
     * @throws PortInUseException if a port a service needs is taken, before anything starts
     * @throws StackException if a service cannot be started or does not become ready; the services
     *     this call started are stopped again
     */
    public static StackEndpoints up(StackConfig config, List<TopicSpec> topics, List<String> buckets) {
        long start = System.nanoTime();
        StackLayout layout = new StackLayout(config.dataDir());
        Supplier<StackArtifacts> artifacts = memoize(StackArtifacts::locate);
        List<LocalService> services = services(layout, config, artifacts);

        List<LocalService> toStart = new ArrayList<>();
        for (LocalService service : services) {
            if (layout.pidFile(service.service()).liveProcess(layout.markers(service.service())).isEmpty()) {
                toStart.add(service);
            }
        }
        if (toStart.size() < services.size()) {
            requireSamePorts(layout, config);
        }
        checkPortsFree(toStart);
        if (!toStart.isEmpty()) {
            toStart.forEach(LocalService::command); // resolves the build outputs: fails before anything starts
            writeLog4jConfig(layout);
            StackState.writeConfig(layout, config);
        }
        StackEndpoints endpoints = endpoints(config);
        Map<StackService, Runnable> provisioning = Map.of(
                StackService.KAFKA, () -> Topics.ensure(endpoints.bootstrapServers(), topics, (short) 1),
                StackService.OBJECT_STORE, () -> Buckets.ensure(endpoints.objectStoreEndpoint(),
                        endpoints.objectStoreAccessKey(), endpoints.objectStoreSecretKey(), buckets));
        Map<StackService, Duration> readyAfter = bringUp(layout, config, services, toStart, provisioning);

        StartupTimes times = new StartupTimes(Instant.now(), Duration.ofNanos(System.nanoTime() - start), readyAfter);
        StackState.writeStartup(layout, times);
        LOG.info("Stack in {} ready in {} ms (started: {})", layout.dataDir(), times.total().toMillis(), readyAfter);
        return endpoints;
    }

    /** What runs in {@code dataDir}: pids, ports, health, endpoints and the last start-up times. */
    public static StackStatus status(Path dataDir) {
        StackLayout layout = new StackLayout(dataDir);
        Optional<StackConfig> config = StackState.readConfig(layout);
        List<ServiceStatus> statuses = new ArrayList<>();
        for (StackService service : StackService.values()) {
            Optional<ProcessHandle> process = layout.pidFile(service).liveProcess(layout.markers(service));
            Optional<LocalService> local = config.map(c -> service(layout, c, service));
            boolean healthy = process.isPresent() && local.map(LocalService::isReady).orElse(false);
            List<Integer> ports = local.map(l -> List.copyOf(l.ports().keySet())).orElse(List.of());
            OptionalLong pid = process.map(p -> OptionalLong.of(p.pid())).orElse(OptionalLong.empty());
            statuses.add(new ServiceStatus(service, pid, healthy, ports, layout.log(service)));
        }
        return new StackStatus(layout.dataDir(), statuses, config.map(LocalStack::endpoints),
                StackState.readStartup(layout));
    }

    /**
     * Stops every service of the stack in {@code dataDir} (SIGTERM, then SIGKILL after a grace
     * period); data stays for the next {@code up}.
     *
     * @return what happened to each service
     */
    public static Map<StackService, StopOutcome> down(Path dataDir) {
        StackLayout layout = new StackLayout(dataDir);
        ExecutorService pool = daemonPool(StackService.values().length, "roistream-stack-down");
        try {
            Map<StackService, CompletableFuture<StopOutcome>> stops = new EnumMap<>(StackService.class);
            for (StackService service : StackService.values()) {
                stops.put(service, CompletableFuture.supplyAsync(() -> stop(layout, service), pool));
            }
            Map<StackService, StopOutcome> outcomes = new EnumMap<>(StackService.class);
            stops.forEach((service, stop) -> outcomes.put(service, join(stop)));
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Stops one service of the stack in {@code dataDir}; {@code up} starts it again. */
    public static StopOutcome stop(Path dataDir, StackService service) {
        return stop(new StackLayout(dataDir), service);
    }

    /** The endpoints of a stack run with {@code config}. */
    public static StackEndpoints endpoints(StackConfig config) {
        return new StackEndpoints(
                KafkaBrokerService.bootstrapServers(config),
                RegistryServer.confluentApiUrl(config.registryPort()),
                ObjectStoreService.endpoint(config),
                config.objectStoreAccessKey(),
                config.objectStoreSecretKey());
    }

    private static StopOutcome stop(StackLayout layout, StackService service) {
        Optional<ProcessHandle> process = layout.pidFile(service).liveProcess(layout.markers(service));
        StopOutcome outcome = process
                .map(p -> DetachedProcesses.stop(p, STOP_GRACE) ? StopOutcome.STOPPED : StopOutcome.KILLED)
                .orElse(StopOutcome.NOT_RUNNING);
        layout.pidFile(service).delete();
        return outcome;
    }

    private static List<LocalService> services(StackLayout layout, StackConfig config, Supplier<StackArtifacts> artifacts) {
        return List.of(
                new KafkaBrokerService(layout, config, artifacts),
                new ObjectStoreService(layout, config, artifacts),
                new RegistryService(layout, config, artifacts));
    }

    private static LocalService service(StackLayout layout, StackConfig config, StackService service) {
        return services(layout, config, memoize(StackArtifacts::locate)).stream()
                .filter(s -> s.service() == service)
                .findFirst()
                .orElseThrow();
    }

    private static void requireSamePorts(StackLayout layout, StackConfig config) {
        StackConfig running = StackState.readConfig(layout).orElseThrow(() -> new StackException(
                "Services of " + layout.dataDir() + " run, but its stack.properties is missing: run down first"));
        if (running.kafkaPort() != config.kafkaPort() || running.controllerPort() != config.controllerPort()
                || running.objectStorePort() != config.objectStorePort() || running.registryPort() != config.registryPort()
                || !running.objectStoreAccessKey().equals(config.objectStoreAccessKey())
                || !running.objectStoreSecretKey().equals(config.objectStoreSecretKey())) {
            throw new StackException("The stack in " + layout.dataDir() + " is partly running with other ports or"
                    + " credentials (kafka " + running.kafkaPort() + ", controller " + running.controllerPort()
                    + ", s3 " + running.objectStorePort() + ", registry " + running.registryPort()
                    + "): run down first");
        }
    }

    private static void checkPortsFree(List<LocalService> services) {
        for (LocalService service : services) {
            for (Map.Entry<Integer, String> port : service.ports().entrySet()) {
                if (!Ports.isFree(port.getKey())) {
                    throw new PortInUseException(port.getKey(), service.service(), port.getValue());
                }
            }
        }
    }

    /**
     * Launches {@code toStart} and provisions every service once it is ready (topics on the broker,
     * buckets on the object store), all in parallel.
     *
     * @return how long each launched service took to become ready
     */
    private static Map<StackService, Duration> bringUp(StackLayout layout, StackConfig config,
            List<LocalService> services, List<LocalService> toStart, Map<StackService, Runnable> provisioning) {
        Map<StackService, ProcessHandle> started = new ConcurrentHashMap<>();
        Map<StackService, CompletableFuture<Optional<Duration>>> steps = new LinkedHashMap<>();
        ExecutorService pool = daemonPool(services.size(), "roistream-stack-up");
        try {
            for (LocalService service : services) {
                boolean launch = toStart.contains(service);
                steps.put(service.service(), CompletableFuture.supplyAsync(() -> {
                    Optional<Duration> ready = launch ? Optional.of(launch(layout, config, service, started))
                            : Optional.empty();
                    provisioning.getOrDefault(service.service(), () -> { }).run();
                    return ready;
                }, pool));
            }
            Map<StackService, Duration> readyAfter = new EnumMap<>(StackService.class);
            List<String> failures = new ArrayList<>();
            steps.forEach((service, step) -> {
                try {
                    step.join().ifPresent(duration -> readyAfter.put(service, duration));
                } catch (CompletionException e) {
                    String failure = service.description() + ": " + e.getCause().getMessage();
                    if (started.containsKey(service)) {
                        failure += System.lineSeparator() + "--- last lines of " + layout.log(service) + " ---"
                                + System.lineSeparator() + DetachedProcesses.tail(layout.log(service), LOG_TAIL_LINES);
                    }
                    failures.add(failure);
                }
            });
            if (!failures.isEmpty()) {
                started.keySet().forEach(service -> stop(layout, service));
                throw new StackException("The stack in " + layout.dataDir() + " did not come up:"
                        + System.lineSeparator() + String.join(System.lineSeparator(), failures));
            }
            return readyAfter;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Duration launch(StackLayout layout, StackConfig config, LocalService service,
            Map<StackService, ProcessHandle> started) {
        long begin = System.nanoTime();
        service.prepare();
        JavaCommand command = service.command();
        ProcessHandle process = DetachedProcesses.start(command.words(), layout.dataDir(), layout.log(service.service()));
        started.put(service.service(), process);
        layout.pidFile(service.service()).write(process.pid());
        try {
            Readiness.await(service.service().description(), process, config.readyTimeout(), service::isReady);
        } catch (Readiness.NotReadyException e) {
            throw new StackException(e.getMessage(), e);
        }
        Duration readyAfter = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("{} ready in {} ms (pid {})", service.service().description(), readyAfter.toMillis(), process.pid());
        return readyAfter;
    }

    private static void writeLog4jConfig(StackLayout layout) {
        Path target = layout.log4jConfig();
        try (InputStream in = LocalStack.class.getResourceAsStream("service-log4j2.xml")) {
            if (in == null) {
                throw new IllegalStateException("io/roistream/stack/service-log4j2.xml is missing from the jar");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }

    private static ExecutorService daemonPool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
