package io.roistream.cli;

import io.roistream.stack.LocalStack;
import io.roistream.stack.StackEndpoints;
import io.roistream.stack.StackStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roistream demo}: the main job. Today it brings the local stack up (unless it already
 * runs) and sends one event of every kind through the broker and the registry and back; the
 * streaming workflow (labeling, training, answering) joins it as the workers land.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Bring the stack up and round-trip one event of each kind through Kafka and the schema registry.")
final class DemoCommand implements Callable<Integer> {

    @Mixin StackOptions stack;
    @Spec CommandSpec spec;

    @Option(names = "--keep-stack", description = "Leave a stack this demo started running afterwards.")
    boolean keepStack;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StackStatus before = LocalStack.status(stack.dataDir);
        boolean startedHere = !before.allHealthy();
        long start = System.nanoTime();
        StackEndpoints endpoints = LocalStack.up(stack.config(), Provisioning.topics(stack.partitions), Provisioning.buckets());
        out.printf(startedHere ? "stack started in %.1f s%n" : "stack already running (checked in %.1f s)%n",
                (System.nanoTime() - start) / 1e9);
        StackCommand.printEndpoints(out, endpoints);
        Thread stopOnInterrupt = new Thread(() -> LocalStack.down(stack.dataDir), "demo-stack-down");
        if (startedHere && !keepStack) {
            Runtime.getRuntime().addShutdownHook(stopOnInterrupt); // Ctrl-C stops what the demo started
        }
        try {
            List<EventRoundTrip.Result> results = new EventRoundTrip(endpoints).run();
            out.printf("%n%-22s %-30s %9s %7s %6s %s%n", "topic", "key", "partition", "offset", "ms", "round trip");
            for (EventRoundTrip.Result result : results) {
                out.printf("%-22s %-30s %9d %7d %6d %s%n", result.topic(), result.key(), result.partition(),
                        result.offset(), result.took().toMillis(), result.equal() ? "equal" : "DIFFERENT");
            }
            boolean allEqual = results.stream().allMatch(EventRoundTrip.Result::equal);
            out.printf("%n%d events, %s%n", results.size(), allEqual ? "all read back equal" : "SOME DIFFER");
            return allEqual ? 0 : 1;
        } finally {
            if (startedHere && !keepStack) {
                Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
                LocalStack.down(stack.dataDir);
                out.println("stack stopped (it was started by this demo; --keep-stack leaves it running)");
            }
        }
    }
}
