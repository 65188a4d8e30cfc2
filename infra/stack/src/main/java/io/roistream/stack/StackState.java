package io.roistream.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code stack.properties} file of a data directory: the configuration the stack was started
 * with (ports and credentials, so {@code status} can report endpoints) and the last start-up times.
 */
final class StackState {

    private static final String UP_PREFIX = "up.";

    private StackState() {}

    static void writeConfig(StackLayout layout, StackConfig config) {
        Properties properties = load(layout.stateFile());
        properties.setProperty("kafka.port", Integer.toString(config.kafkaPort()));
        properties.setProperty("controller.port", Integer.toString(config.controllerPort()));
        properties.setProperty("s3.port", Integer.toString(config.objectStorePort()));
        properties.setProperty("registry.port", Integer.toString(config.registryPort()));
        properties.setProperty("s3.access-key", config.objectStoreAccessKey());
        properties.setProperty("s3.secret-key", config.objectStoreSecretKey());
        store(layout.stateFile(), properties);
    }

    static Optional<StackConfig> readConfig(StackLayout layout) {
        Properties properties = load(layout.stateFile());
        if (properties.getProperty("kafka.port") == null) {
            return Optional.empty();
        }
        return Optional.of(StackConfig.builder()
                .dataDir(layout.dataDir())
                .kafkaPort(intValue(properties, "kafka.port"))
                .controllerPort(intValue(properties, "controller.port"))
                .objectStorePort(intValue(properties, "s3.port"))
                .registryPort(intValue(properties, "registry.port"))
                .objectStoreCredentials(properties.getProperty("s3.access-key"), properties.getProperty("s3.secret-key"))
                .build());
    }

    static void writeStartup(StackLayout layout, StartupTimes times) {
        Properties properties = load(layout.stateFile());
        properties.stringPropertyNames().stream().filter(k -> k.startsWith(UP_PREFIX)).forEach(properties::remove);
        properties.setProperty(UP_PREFIX + "finished-at", times.finishedAt().toString());
        properties.setProperty(UP_PREFIX + "total-ms", Long.toString(times.total().toMillis()));
        times.services().forEach((service, duration) ->
                properties.setProperty(UP_PREFIX + service.id() + "-ms", Long.toString(duration.toMillis())));
        store(layout.stateFile(), properties);
    }

    static Optional<StartupTimes> readStartup(StackLayout layout) {
        Properties properties = load(layout.stateFile());
        String finishedAt = properties.getProperty(UP_PREFIX + "finished-at");
        if (finishedAt == null) {
            return Optional.empty();
        }
        Map<StackService, Duration> services = new EnumMap<>(StackService.class);
        for (StackService service : StackService.values()) {
            String millis = properties.getProperty(UP_PREFIX + service.id() + "-ms");
            if (millis != null) {
                services.put(service, Duration.ofMillis(Long.parseLong(millis)));
            }
        }
        return Optional.of(new StartupTimes(Instant.parse(finishedAt),
                Duration.ofMillis(Long.parseLong(properties.getProperty(UP_PREFIX + "total-ms"))), services));
    }

    private static int intValue(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new StackException("stack.properties has no " + key);
        }
        return Integer.parseInt(value);
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return properties;
    }

    private static void store(Path file, Properties properties) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                properties.store(out, "roistream local stack: configuration and last start-up times");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
