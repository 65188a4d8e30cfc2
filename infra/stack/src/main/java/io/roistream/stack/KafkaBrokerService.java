package io.roistream.stack;

import io.roistream.stack.probe.KafkaProbe;
import io.roistream.stack.probe.Ports;
import io.roistream.stack.process.DetachedProcesses;
import io.roistream.stack.process.JavaCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker (combined broker and controller) run as {@code kafka.Kafka} from the
 * roistream-broker classpath. Its storage is formatted once, with a fresh cluster id, so later
 * starts on the same data directory keep topics and offsets.
 */
final class KafkaBrokerService implements LocalService {

    private static final Duration FORMAT_TIMEOUT = Duration.ofMinutes(2);

    private final StackLayout layout;
    private final StackConfig config;
    private final Supplier<StackArtifacts> artifacts;

    KafkaBrokerService(StackLayout layout, StackConfig config, Supplier<StackArtifacts> artifacts) {
        this.layout = layout;
        this.config = config;
        this.artifacts = artifacts;
    }

    static String bootstrapServers(StackConfig config) {
        return "127.0.0.1:" + config.kafkaPort();
    }

    @Override
    public StackService service() {
        return StackService.KAFKA;
    }

    @Override
    public Map<Integer, String> ports() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(config.kafkaPort(), "client listener");
        ports.put(config.controllerPort(), "KRaft controller listener");
        return ports;
    }

    private Path serverProperties() {
        return layout.serviceDir(service()).resolve("server.properties");
    }

    private Path logDir() {
        return layout.serviceDir(service()).resolve("data");
    }

    @Override
    public void prepare() {
        writeServerProperties();
        if (!Files.isRegularFile(logDir().resolve("meta.properties"))) {
            format();
        }
    }

    private void writeServerProperties() {
        String text = String.join(System.lineSeparator(), List.of(
                "# Written by roistream-stack on every start: a single-node KRaft broker on 127.0.0.1.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + config.controllerPort(),
                "listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort() + ",CONTROLLER://127.0.0.1:"
                        + config.controllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logDir(),
                "num.partitions=1",
                "default.replication.factor=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                ""));
        try {
            Files.createDirectories(serverProperties().getParent());
            Files.writeString(serverProperties(), text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + serverProperties(), e);
        }
    }

    private void format() {
        JavaCommand format = JavaCommand.builder()
                .jvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                .systemProperty("log4j2.configurationFile", layout.log4jConfig())
                .mainClass(artifacts.get().brokerClasspath(), "kafka.tools.StorageTool")
                .arguments("format", "-t", Uuid.randomUuid().toString(), "-c", serverProperties().toString())
                .build();
        Path log = layout.log(service());
        int exit = DetachedProcesses.run(format.words(), layout.dataDir(), log, FORMAT_TIMEOUT);
        if (exit != 0) {
            throw new StackException("Formatting the Kafka storage in " + logDir() + " failed with exit code " + exit
                    + ":" + System.lineSeparator() + DetachedProcesses.tail(log, 20));
        }
    }

    @Override
    public JavaCommand command() {
        return JavaCommand.builder()
                // C1 only and the serial collector: half the start-up time of the defaults on two cores
                .jvmOptions("-Xms128m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                        "-Djava.awt.headless=true")
                .jvmOptions(layout.markers(service()).toArray(String[]::new))
                .systemProperty("log4j2.configurationFile", layout.log4jConfig())
                .mainClass(artifacts.get().brokerClasspath(), "kafka.Kafka")
                .arguments(serverProperties().toString())
                .build();
    }

    @Override
    public boolean isReady() {
        return Ports.accepts(config.kafkaPort(), 500)
                && KafkaProbe.ready(bootstrapServers(config), 1, Duration.ofSeconds(2));
    }
}
