package io.roistream.stack;

import io.roistream.stack.process.JavaCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/** The schema registry with its H2 database under the data directory. */
final class RegistryService implements LocalService {

    private final StackLayout layout;
    private final StackConfig config;
    private final Supplier<StackArtifacts> artifacts;

    RegistryService(StackLayout layout, StackConfig config, Supplier<StackArtifacts> artifacts) {
        this.layout = layout;
        this.config = config;
        this.artifacts = artifacts;
    }

    @Override
    public StackService service() {
        return StackService.REGISTRY;
    }

    @Override
    public Map<Integer, String> ports() {
        return Map.of(config.registryPort(), "HTTP API");
    }

    private Path storageDir() {
        return layout.serviceDir(service());
    }

    @Override
    public void prepare() {
        try {
            Files.createDirectories(storageDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + storageDir(), e);
        }
    }

    @Override
    public JavaCommand command() {
        return RegistryServer.command(artifacts.get().registryJar(), config.registryPort(), storageDir(),
                layout.markers(service()).toArray(String[]::new));
    }

    @Override
    public boolean isReady() {
        return RegistryServer.isReady(config.registryPort());
    }
}
