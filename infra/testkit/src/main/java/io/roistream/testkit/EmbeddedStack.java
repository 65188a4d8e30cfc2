package io.roistream.testkit;

import io.roistream.stack.StackEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * The embedded stack of one test class: an in-JVM KRaft cluster, an in-JVM S3Proxy and the
 * registry as a child process (started first, since it takes longest), its storage in a temporary
 * directory removed on {@link #close()}.
 */
final class EmbeddedStack implements RunningStack {

    static final String ACCESS_KEY = "roistream-test";
    static final String SECRET_KEY = "roistream-test-secret";

    private final Path workDir;
    private final EmbeddedKafkaCluster kafka;
    private final EmbeddedObjectStore objectStore;
    private final RegistryProcess registry;

    private EmbeddedStack(Path workDir, EmbeddedKafkaCluster kafka, EmbeddedObjectStore objectStore,
            RegistryProcess registry) {
        this.workDir = workDir;
        this.kafka = kafka;
        this.objectStore = objectStore;
        this.registry = registry;
    }

    /** Starts what {@code request} asks for; on failure, stops what already started. */
    static EmbeddedStack start(StackRequest request) throws Exception {
        Path workDir = Files.createTempDirectory("roistream-stack-");
        CompletableFuture<RegistryProcess> registry = request.registry()
                ? CompletableFuture.supplyAsync(() -> RegistryProcess.start(workDir.resolve("registry")),
                        task -> new Thread(task, "roistream-registry-start").start())
                : CompletableFuture.completedFuture(null);
        EmbeddedKafkaCluster kafka = null;
        EmbeddedObjectStore objectStore = null;
        try {
            kafka = EmbeddedKafkaCluster.start(request.brokers());
            objectStore = request.objectStore() ? EmbeddedObjectStore.start(ACCESS_KEY, SECRET_KEY) : null;
            return new EmbeddedStack(workDir, kafka, objectStore, awaitRegistry(registry));
        } catch (Exception | Error e) {
            Closer closer = new Closer();
            closer.close(() -> awaitRegistryQuietly(registry));
            closer.close(objectStore);
            closer.close(kafka);
            closer.close(() -> deleteRecursively(workDir));
            closer.addSuppressedTo(e);
            throw e;
        }
    }

    private static RegistryProcess awaitRegistry(CompletableFuture<RegistryProcess> registry) {
        try {
            return registry.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static void awaitRegistryQuietly(CompletableFuture<RegistryProcess> registry) {
        if (!registry.isCompletedExceptionally()) {
            RegistryProcess started = registry.join();
            if (started != null) {
                started.close();
            }
        }
    }

    @Override
    public StackEndpoints endpoints() {
        return new StackEndpoints(
                kafka.bootstrapServers(),
                registry == null ? null : registry.confluentApiUrl(),
                objectStore == null ? null : objectStore.endpoint(),
                objectStore == null ? null : ACCESS_KEY,
                objectStore == null ? null : SECRET_KEY);
    }

    @Override
    public void stopRegistry() {
        requireRegistry().stop();
    }

    @Override
    public void startRegistry() {
        requireRegistry().start();
    }

    private RegistryProcess requireRegistry() {
        if (registry == null) {
            throw new IllegalStateException("This stack runs no registry: use @WithEmbeddedStack(registry = true)");
        }
        return registry;
    }

    @Override
    public List<Integer> brokerIds() {
        return kafka.brokerIds();
    }

    @Override
    public void stopBroker(int brokerId) {
        kafka.stopBroker(brokerId);
    }

    @Override
    public void startBroker(int brokerId) {
        kafka.startBroker(brokerId);
    }

    @Override
    public void close() {
        Closer closer = new Closer();
        closer.close(registry);
        closer.close(objectStore);
        closer.close(kafka);
        closer.close(() -> deleteRecursively(workDir));
        closer.rethrow("Tearing down the embedded stack failed");
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
