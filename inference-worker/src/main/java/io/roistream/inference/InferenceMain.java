package io.roistream.inference;

import io.roistream.runtime.config.ConfigException;
import io.roistream.runtime.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference process: {@code java -cp ... io.roistream.inference.InferenceMain --key=value ...}.
 * Settings come from flags, then {@code ROISTREAM_*} environment variables, then the properties
 * file named by {@code config.file}, then {@link InferenceSettings#processDefaults()} (see the
 * module's README for every key). Runs until SIGTERM/SIGINT, which stops it cleanly (the batch in
 * flight commits or aborts; the JVM then exits with 143 or 130 as for any signal). Exit status 2
 * for bad configuration, 1 when the worker cannot start or stops on a fatal error.
 */
public final class InferenceMain {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceMain.class);

    private InferenceMain() {
    }

    /** Starts an inference worker and consumes until the process is told to stop. */
    public static void main(String[] args) {
        if (System.getProperty("ai.djl.offline") == null) {
            // everything the engine needs is on the classpath: fail fast instead of downloading
            System.setProperty("ai.djl.offline", "true");
        }
        InferenceWorker worker;
        try {
            worker = InferenceWorker.start(Configuration.fromProcess(args, InferenceSettings.processDefaults()));
        } catch (ConfigException e) {
            LOG.error("Bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            LOG.error("The inference worker could not start", e);
            System.exit(1);
            return;
        }
        // the hook stops the loop (run() then returns) and closes the checkpoints, backbone, store and metrics server
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "inference-shutdown"));
        try {
            worker.run();
        } catch (RuntimeException e) {
            LOG.error("The inference worker stopped on a fatal error", e);
            System.exit(1);
        }
    }
}
