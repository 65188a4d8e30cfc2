package io.roistream.testkit;

import java.util.ArrayList;
import java.util.List;

/** Closes several resources in turn, collecting failures instead of stopping at the first. */
final class Closer {

    private final List<Exception> failures = new ArrayList<>();

    /** Closes {@code resource} (if not null), remembering a failure. */
    void close(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            failures.add(e);
        }
    }

    /** Adds every remembered failure as suppressed to {@code primary}. */
    void addSuppressedTo(Throwable primary) {
        failures.forEach(primary::addSuppressed);
    }

    /** Throws the first remembered failure (the others suppressed in it), if any. */
    void rethrow(String message) {
        if (!failures.isEmpty()) {
            IllegalStateException error = new IllegalStateException(message, failures.get(0));
            failures.subList(1, failures.size()).forEach(error::addSuppressed);
            throw error;
        }
    }
}
