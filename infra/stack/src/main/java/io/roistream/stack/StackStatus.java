package io.roistream.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What runs in a stack's data directory.
 *
 * @param dataDir the data directory
 * @param services one entry per service, in {@link StackService} order
 * @param endpoints where the services answer, once the stack has been configured by {@code up}
 * @param lastStartup how long the last {@code up} took, if one completed
 */
public record StackStatus(
        Path dataDir, List<ServiceStatus> services, Optional<StackEndpoints> endpoints, Optional<StartupTimes> lastStartup) {

    /** Copies the service list. */
    public StackStatus {
        services = List.copyOf(services);
    }

    /** Whether every service runs and answers. */
    public boolean allHealthy() {
        return services.stream().allMatch(ServiceStatus::healthy);
    }

    /** Whether no service of this stack runs. */
    public boolean allStopped() {
        return services.stream().noneMatch(ServiceStatus::running);
    }

    /** The status of one service. */
    public ServiceStatus service(StackService service) {
        return services.stream().filter(s -> s.service() == service).findFirst().orElseThrow();
    }
}
