package io.roistream.coordinator;

import io.roistream.runtime.config.ConfigException;
import io.roistream.runtime.config.Configuration;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator process: {@code java -cp ... io.roistream.coordinator.CoordinatorMain --key=value ...}.
 * Settings come from flags, then {@code ROISTREAM_*} environment variables, then the properties
 * file named by {@code config.file}, then {@link CoordinatorSettings#processDefaults()} (see the
 * module's README for every key). Runs until SIGTERM/SIGINT, which closes Kafka Streams cleanly.
 * Exit status 2 for bad configuration, 1 when it cannot start or Kafka Streams stops in ERROR.
 */
public final class CoordinatorMain {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorMain.class);

    private CoordinatorMain() {
    }

    /** Starts a coordinator and runs until the process is told to stop. */
    public static void main(String[] args) throws InterruptedException {
        Coordinator coordinator;
        try {
            coordinator = Coordinator.start(Configuration.fromProcess(args, CoordinatorSettings.processDefaults()));
        } catch (ConfigException e) {
            LOG.error("Bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            LOG.error("The coordinator could not start", e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(coordinator::close, "coordinator-shutdown"));
        KafkaStreams.State end = coordinator.awaitStop();
        coordinator.close();
        if (end == KafkaStreams.State.ERROR) {
            LOG.error("Kafka Streams stopped in state ERROR");
            System.exit(1);
        }
    }
}
