package io.roistream.cli;

import io.roistream.stack.LocalStack;
import io.roistream.stack.ServiceStatus;
import io.roistream.stack.StackEndpoints;
import io.roistream.stack.StackService;
import io.roistream.stack.StackStatus;
import io.roistream.stack.StopOutcome;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code roistream stack up|status|down}: the local stack of real services on 127.0.0.1. */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "The local stack: a KRaft Kafka broker, S3Proxy and Apicurio Registry, each its own process on 127.0.0.1.",
        subcommands = {StackCommand.Up.class, StackCommand.Status.class, StackCommand.Down.class})
final class StackCommand {

    /** Starts what is not running, waits for readiness, creates the topics and buckets. */
    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start the stack (what is not running yet), wait until ready, create topics and buckets.")
    static final class Up implements Callable<Integer> {
        @Mixin StackOptions stack;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            long start = System.nanoTime();
            StackEndpoints endpoints = LocalStack.up(stack.config(), Provisioning.topics(stack.partitions), Provisioning.buckets());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("stack ready in %.1f s (data: %s)%n", (System.nanoTime() - start) / 1e9, stack.dataDir);
            printEndpoints(out, endpoints);
            return 0;
        }
    }

    /** Shows which services run, with pids, ports and health. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show which services of the stack run, their pids, ports and health; exit 0 when all are healthy.")
    static final class Status implements Callable<Integer> {
        @Mixin StackOptions stack;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            StackStatus status = LocalStack.status(stack.dataDir);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-10s %-8s %-8s %-14s %s%n", "service", "pid", "health", "ports", "log");
            for (ServiceStatus service : status.services()) {
                out.printf("%-10s %-8s %-8s %-14s %s%n", service.service().id(),
                        service.pid().isPresent() ? Long.toString(service.pid().getAsLong()) : "-",
                        service.healthy() ? "up" : service.running() ? "starting" : "down",
                        service.ports(), service.log());
            }
            status.lastStartup().ifPresent(times ->
                    out.printf("last start-up: %d ms%n", times.total().toMillis()));
            status.endpoints().filter(e -> status.allHealthy()).ifPresent(e -> printEndpoints(out, e));
            return status.allHealthy() ? 0 : 3;
        }
    }

    /** Stops exactly the processes the stack started; data stays. */
    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stop exactly the processes this stack started (data stays for the next up).")
    static final class Down implements Callable<Integer> {
        @Mixin StackOptions stack;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            Map<StackService, StopOutcome> outcomes = LocalStack.down(stack.dataDir);
            PrintWriter out = spec.commandLine().getOut();
            outcomes.forEach((service, outcome) -> out.printf("%-10s %s%n", service.id(), outcome));
            return 0;
        }
    }

    private StackCommand() {
    }

    static void printEndpoints(PrintWriter out, StackEndpoints endpoints) {
        out.printf("  kafka     %s%n", endpoints.bootstrapServers());
        out.printf("  registry  %s%n", endpoints.schemaRegistryUrl());
        out.printf("  s3        %s (access key %s)%n", endpoints.objectStoreEndpoint(), endpoints.objectStoreAccessKey());
    }
}
