package io.roistream.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The state of one service of a stack.
 *
 * @param service which service
 * @param pid its pid while a process of this stack runs it
 * @param healthy whether it answered its readiness probe
 * @param ports the ports it uses
 * @param log its log file
 */
public record ServiceStatus(StackService service, OptionalLong pid, boolean healthy, List<Integer> ports, Path log) {

    /** Copies the port list. */
    public ServiceStatus {
        ports = List.copyOf(ports);
    }

    /** Whether a process of this stack runs the service. */
    public boolean running() {
        return pid.isPresent();
    }
}
