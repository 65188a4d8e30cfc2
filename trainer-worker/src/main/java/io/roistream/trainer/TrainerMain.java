package io.roistream.trainer;

import io.roistream.runtime.config.ConfigException;
import io.roistream.runtime.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The trainer process: {@code java -cp ... io.roistream.trainer.TrainerMain [--key=value ...]} (see README). */
public final class TrainerMain {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerMain.class);

    private TrainerMain() {
    }

    /** Starts a trainer and consumes until the process is told to stop. */
    public static void main(String[] args) {
        if (System.getProperty("ai.djl.offline") == null) {
            // everything the engine needs is on the classpath: fail fast instead of downloading
            System.setProperty("ai.djl.offline", "true");
        }
        TrainerWorker worker;
        try {
            worker = TrainerWorker.start(Configuration.fromProcess(args, TrainerWorker.processDefaults()));
        } catch (ConfigException e) {
            LOG.error("Bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            LOG.error("The trainer could not start", e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "trainer-shutdown"));
        try {
            worker.run();
        } catch (RuntimeException e) {
            LOG.error("The trainer stopped on a fatal error", e);
            System.exit(1);
        }
    }
}
