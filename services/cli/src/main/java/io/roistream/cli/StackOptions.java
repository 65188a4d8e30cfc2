package io.roistream.cli;

import io.roistream.stack.StackConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the local stack keeps its data and which ports it listens on (shared by every command that uses it). */
final class StackOptions {

    @Option(names = "--data-dir", description = "Data directory of the stack (default: ${DEFAULT-VALUE}).")
    Path dataDir = StackConfig.defaultDataDir();

    @Option(names = "--kafka-port", description = "Kafka listener port (default: ${DEFAULT-VALUE}).")
    int kafkaPort = StackConfig.DEFAULT_KAFKA_PORT;

    @Option(names = "--controller-port", description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
    int controllerPort = StackConfig.DEFAULT_CONTROLLER_PORT;

    @Option(names = "--s3-port", description = "S3 object store port (default: ${DEFAULT-VALUE}).")
    int objectStorePort = StackConfig.DEFAULT_OBJECT_STORE_PORT;

    @Option(names = "--registry-port", description = "Schema registry port (default: ${DEFAULT-VALUE}).")
    int registryPort = StackConfig.DEFAULT_REGISTRY_PORT;

    @Option(names = "--partitions", description = "Partitions of each roi.* topic created by up (default: ${DEFAULT-VALUE}).")
    int partitions = 3;

    StackConfig config() {
        return StackConfig.builder()
                .dataDir(dataDir)
                .kafkaPort(kafkaPort)
                .controllerPort(controllerPort)
                .objectStorePort(objectStorePort)
                .registryPort(registryPort)
                .build();
    }
}
