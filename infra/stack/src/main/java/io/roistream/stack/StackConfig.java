package io.roistream.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * How to run the local stack: where everything lives and which ports the services use, all on
 * 127.0.0.1. Build one with {@link #builder()}; every value has a default.
 *
 * @param dataDir directory holding configs, logs, pid files and data (default
 *     {@code <repository>/.roistream/stack})
 * @param kafkaPort Kafka client listener (default 9092)
 * @param controllerPort KRaft controller listener (default 9093)
 * @param objectStorePort S3 endpoint (default 9000)
 * @param registryPort schema registry HTTP port (default 8081)
 * @param objectStoreAccessKey S3 access key
 * @param objectStoreSecretKey S3 secret key
 * @param readyTimeout how long {@code up} waits for each service to become ready
 */
public record StackConfig(
        Path dataDir,
        int kafkaPort,
        int controllerPort,
        int objectStorePort,
        int registryPort,
        String objectStoreAccessKey,
        String objectStoreSecretKey,
        Duration readyTimeout) {

    /** Default Kafka client port. */
    public static final int DEFAULT_KAFKA_PORT = 9092;
    /** Default KRaft controller port. */
    public static final int DEFAULT_CONTROLLER_PORT = 9093;
    /** Default S3 port. */
    public static final int DEFAULT_OBJECT_STORE_PORT = 9000;
    /** Default registry port. */
    public static final int DEFAULT_REGISTRY_PORT = 8081;

    /** Normalizes the data directory and checks the ports. */
    public StackConfig {
        dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        checkPort(kafkaPort, "kafkaPort");
        checkPort(controllerPort, "controllerPort");
        checkPort(objectStorePort, "objectStorePort");
        checkPort(registryPort, "registryPort");
        Objects.requireNonNull(objectStoreAccessKey, "objectStoreAccessKey");
        Objects.requireNonNull(objectStoreSecretKey, "objectStoreSecretKey");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        long distinct = IntStream.of(kafkaPort, controllerPort, objectStorePort, registryPort)
                .distinct().count();
        if (distinct != 4) {
            throw new IllegalArgumentException("the four stack ports must differ: kafka " + kafkaPort
                    + ", controller " + controllerPort + ", s3 " + objectStorePort + ", registry " + registryPort);
        }
    }

    private static void checkPort(int port, String name) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be within 1..65535, got " + port);
        }
    }

    /** The data directory used when none is given: {@code .roistream/stack} under the repository root. */
    public static Path defaultDataDir() {
        return StackArtifacts.findRepositoryRoot()
                .orElseGet(() -> Path.of("").toAbsolutePath())
                .resolve(".roistream")
                .resolve("stack");
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder()
                .dataDir(dataDir)
                .kafkaPort(kafkaPort)
                .controllerPort(controllerPort)
                .objectStorePort(objectStorePort)
                .registryPort(registryPort)
                .objectStoreCredentials(objectStoreAccessKey, objectStoreSecretKey)
                .readyTimeout(readyTimeout);
    }

    /** Builds a {@link StackConfig}; unset values keep their defaults. */
    public static final class Builder {
        private Path dataDir;
        private int kafkaPort = DEFAULT_KAFKA_PORT;
        private int controllerPort = DEFAULT_CONTROLLER_PORT;
        private int objectStorePort = DEFAULT_OBJECT_STORE_PORT;
        private int registryPort = DEFAULT_REGISTRY_PORT;
        private String accessKey = "roistream";
        private String secretKey = "roistream-secret";
        private Duration readyTimeout = Duration.ofSeconds(90);

        private Builder() {}

        /** Sets the data directory. */
        public Builder dataDir(Path value) {
            this.dataDir = value;
            return this;
        }

        /** Sets the Kafka client port. */
        public Builder kafkaPort(int value) {
            this.kafkaPort = value;
            return this;
        }

        /** Sets the KRaft controller port. */
        public Builder controllerPort(int value) {
            this.controllerPort = value;
            return this;
        }

        /** Sets the S3 port. */
        public Builder objectStorePort(int value) {
            this.objectStorePort = value;
            return this;
        }

        /** Sets the registry port. */
        public Builder registryPort(int value) {
            this.registryPort = value;
            return this;
        }

        /** Sets the S3 credentials. */
        public Builder objectStoreCredentials(String accessKey, String secretKey) {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        /** Sets how long to wait for each service to become ready. */
        public Builder readyTimeout(Duration value) {
            this.readyTimeout = value;
            return this;
        }

        /** Creates the configuration. */
        public StackConfig build() {
            return new StackConfig(dataDir == null ? defaultDataDir() : dataDir, kafkaPort, controllerPort,
                    objectStorePort, registryPort, accessKey, secretKey, readyTimeout);
        }
    }
}
