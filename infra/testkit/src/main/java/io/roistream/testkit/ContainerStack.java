package io.roistream.testkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.roistream.stack.StackEndpoints;
import io.roistream.stack.probe.HttpProbe;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The stack of one test class on Docker, through Testcontainers: an Apache Kafka broker, MinIO and
 * Confluent Schema Registry (which keeps its schemas in Kafka, so ids survive a registry restart),
 * on one private network. Chosen with {@code -Droistream.stack=testcontainers}; a single broker only.
 */
final class ContainerStack implements RunningStack {

    static final DockerImageName KAFKA_IMAGE = DockerImageName.parse("apache/kafka:4.0.0");
    static final DockerImageName MINIO_IMAGE = DockerImageName.parse("minio/minio:RELEASE.2023-09-04T19-57-37Z");
    static final DockerImageName REGISTRY_IMAGE = DockerImageName.parse("confluentinc/cp-schema-registry:7.9.0");

    private static final String KAFKA_ALIAS = "kafka";
    private static final String KAFKA_NETWORK_LISTENER = KAFKA_ALIAS + ":19092";
    private static final int REGISTRY_PORT = 8081;
    private static final Duration REGISTRY_START_TIMEOUT = Duration.ofMinutes(2);

    private final Network network;
    private final KafkaContainer kafka;
    private final MinIOContainer minio;
    private final GenericContainer<?> registry;

    private ContainerStack(Network network, KafkaContainer kafka, MinIOContainer minio, GenericContainer<?> registry) {
        this.network = network;
        this.kafka = kafka;
        this.minio = minio;
        this.registry = registry;
    }

    /**
     * Starts the containers {@code request} asks for.
     *
     * @throws org.opentest4j.TestAbortedException without a Docker engine, or for more than one broker
     */
    static ContainerStack start(StackRequest request) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            Assumptions.abort("Docker engine not available: Testcontainers found no working Docker environment,"
                    + " so -D" + EmbeddedStackExtension.MODE_PROPERTY + "=testcontainers cannot run this class");
        }
        if (request.brokers() != 1) {
            Assumptions.abort("The Testcontainers stack runs a single broker; @WithEmbeddedStack(brokers = "
                    + request.brokers() + ") needs the embedded stack");
        }
        Network network = Network.newNetwork();
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                .withNetwork(network)
                .withNetworkAliases(KAFKA_ALIAS)
                .withListener(KAFKA_NETWORK_LISTENER);
        MinIOContainer minio = request.objectStore()
                ? new MinIOContainer(MINIO_IMAGE)
                        .withNetwork(network)
                        .withUserName(EmbeddedStack.ACCESS_KEY)
                        .withPassword(EmbeddedStack.SECRET_KEY)
                : null;
        GenericContainer<?> registry = request.registry()
                ? new GenericContainer<>(REGISTRY_IMAGE)
                        .withNetwork(network)
                        .withNetworkAliases("schema-registry")
                        .withExposedPorts(REGISTRY_PORT)
                        .withEnv(Map.of(
                                "SCHEMA_REGISTRY_HOST_NAME", "schema-registry",
                                "SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:" + REGISTRY_PORT,
                                "SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + KAFKA_NETWORK_LISTENER))
                        .dependsOn(kafka)
                        .waitingFor(Wait.forHttp("/subjects").forStatusCode(200)
                                .withStartupTimeout(REGISTRY_START_TIMEOUT))
                : null;
        ContainerStack stack = new ContainerStack(network, kafka, minio, registry);
        try {
            kafka.start();
            if (minio != null) {
                minio.start();
            }
            if (registry != null) {
                registry.start();
            }
            return stack;
        } catch (RuntimeException | Error e) {
            try {
                stack.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    @Override
    public StackEndpoints endpoints() {
        return new StackEndpoints(
                kafka.getBootstrapServers(),
                registry == null ? null : "http://" + registry.getHost() + ":" + registryHostPort(),
                minio == null ? null : minio.getS3URL(),
                minio == null ? null : minio.getUserName(),
                minio == null ? null : minio.getPassword());
    }

    /** The registry's host port, read from Docker: a restarted container may get a new one. */
    private int registryHostPort() {
        Ports.Binding[] bindings = docker().inspectContainerCmd(registry.getContainerId()).exec()
                .getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(REGISTRY_PORT));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException("The registry container publishes no port (is it stopped?)");
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    @Override
    public void stopRegistry() {
        docker().stopContainerCmd(requireRegistry().getContainerId()).exec();
    }

    @Override
    public void startRegistry() {
        docker().startContainerCmd(requireRegistry().getContainerId()).exec();
        long deadline = System.nanoTime() + REGISTRY_START_TIMEOUT.toNanos();
        while (!HttpProbe.isOk(URI.create(endpoints().schemaRegistryUrl() + "/subjects"), Duration.ofSeconds(2))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The registry container did not answer within " + REGISTRY_START_TIMEOUT);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the registry container", e);
            }
        }
    }

    private GenericContainer<?> requireRegistry() {
        if (registry == null) {
            throw new IllegalStateException("This stack runs no registry: use @WithEmbeddedStack(registry = true)");
        }
        return registry;
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    @Override
    public List<Integer> brokerIds() {
        return List.of(1);
    }

    @Override
    public void stopBroker(int brokerId) {
        throw new UnsupportedOperationException("Stopping brokers needs the embedded stack (-D"
                + EmbeddedStackExtension.MODE_PROPERTY + "=embedded)");
    }

    @Override
    public void startBroker(int brokerId) {
        throw new UnsupportedOperationException("Starting brokers needs the embedded stack (-D"
                + EmbeddedStackExtension.MODE_PROPERTY + "=embedded)");
    }

    @Override
    public void close() {
        Closer closer = new Closer();
        closer.close(registry == null ? null : registry::stop);
        closer.close(minio == null ? null : minio::stop);
        closer.close(kafka::stop);
        closer.close(network);
        closer.rethrow("Tearing down the Testcontainers stack failed");
    }
}
