package io.roistream.trainer;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/** A print stream that logs each line written to it at INFO: how the model's progress lines reach the worker's log. */
final class LoggingPrintStream extends PrintStream {

    LoggingPrintStream(Logger log) {
        super(new LineLogger(log), true, StandardCharsets.UTF_8);
    }

    private static final class LineLogger extends OutputStream {
        private final Logger log;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineLogger(Logger log) {
            this.log = log;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public void flush() {
            // a partial line waits for its end
        }

        @Override
        public void close() {
            flushLine();
        }

        private void flushLine() {
            String text = line.toString(StandardCharsets.UTF_8).strip();
            line.reset();
            if (!text.isEmpty()) {
                log.info(text);
            }
        }
    }
}
