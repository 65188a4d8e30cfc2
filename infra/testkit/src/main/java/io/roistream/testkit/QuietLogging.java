package io.roistream.testkit;

import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Keeps the in-JVM servers quiet: where Log4j2 is the logging backend, the loggers of Kafka,
 * S3Proxy, Jetty and Testcontainers log at WARN at most, whatever the test's own configuration
 * says for the root logger. Loggers already set to WARN or quieter are left alone.
 */
final class QuietLogging {

    private static final List<String> CHATTY_LOGGERS = List.of(
            "kafka", "org.apache.kafka", "state.change.logger", "org.gaul.s3proxy", "org.eclipse.jetty",
            "org.testcontainers", "tc", "com.github.dockerjava");
    private static final String CONFIGURATOR = "org.apache.logging.log4j.core.config.Configurator";

    private QuietLogging() {}

    static void apply() {
        if (!log4jCorePresent()) {
            return; // another backend: its own configuration decides
        }
        for (String name : CHATTY_LOGGERS) {
            if (LogManager.getLogger(name).getLevel().isLessSpecificThan(Level.INFO)) {
                Configurator.setLevel(name, Level.WARN);
            }
        }
    }

    private static boolean log4jCorePresent() {
        try {
            Class.forName(CONFIGURATOR, false, QuietLogging.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
