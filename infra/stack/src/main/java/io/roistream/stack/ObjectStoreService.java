package io.roistream.stack;

import io.roistream.stack.probe.HttpProbe;
import io.roistream.stack.process.JavaCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** S3Proxy serving the S3 API from a filesystem store under the data directory. */
final class ObjectStoreService implements LocalService {

    private final StackLayout layout;
    private final StackConfig config;
    private final Supplier<StackArtifacts> artifacts;

    ObjectStoreService(StackLayout layout, StackConfig config, Supplier<StackArtifacts> artifacts) {
        this.layout = layout;
        this.config = config;
        this.artifacts = artifacts;
    }

    static String endpoint(StackConfig config) {
        return "http://127.0.0.1:" + config.objectStorePort();
    }

    @Override
    public StackService service() {
        return StackService.OBJECT_STORE;
    }

    @Override
    public Map<Integer, String> ports() {
        return Map.of(config.objectStorePort(), "S3 endpoint");
    }

    private Path properties() {
        return layout.serviceDir(service()).resolve("s3proxy.conf");
    }

    @Override
    public void prepare() {
        Path store = layout.serviceDir(service()).resolve("data");
        String text = String.join(System.lineSeparator(), List.of(
                "# Written by roistream-stack on every start: S3Proxy on a filesystem store.",
                "s3proxy.endpoint=" + endpoint(config),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + config.objectStoreAccessKey(),
                "s3proxy.credential=" + config.objectStoreSecretKey(),
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + store,
                ""));
        try {
            Files.createDirectories(store);
            Files.writeString(properties(), text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + properties(), e);
        }
    }

    @Override
    public JavaCommand command() {
        return JavaCommand.builder()
                .jvmOptions("-Xms32m", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                .jvmOptions(layout.markers(service()).toArray(String[]::new))
                .systemProperty("log4j2.configurationFile", layout.log4jConfig())
                .mainClass(artifacts.get().objectStoreClasspath(), "org.gaul.s3proxy.Main")
                .arguments("--properties", properties().toString())
                .build();
    }

    @Override
    public boolean isReady() {
        return HttpProbe.status(URI.create(endpoint(config) + "/"), Duration.ofSeconds(2)).isPresent();
    }
}
