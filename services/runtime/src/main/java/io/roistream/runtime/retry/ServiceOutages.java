package io.roistream.runtime.retry;

import io.roistream.runtime.objectstore.ObjectStoreUnavailableException;
import io.roistream.schemas.serde.RegistryException;

/**
 * Tells an unavailable service (the registry unreachable or unusable, {@link RegistryException#isOutage},
 * the object store unavailable) from a fault of one record: the first is waited out, never reported against the
 * record.
 */
public final class ServiceOutages {

    private ServiceOutages() {
    }

    /** Whether {@code error}'s cause chain says the registry or the object store is unavailable. */
    public static boolean isServiceOutage(Throwable error) {
        for (Throwable current = error; current != null;
             current = current.getCause() == current ? null : current.getCause()) {
            if (current instanceof RegistryException registry) {
                return registry.isOutage();
            }
            if (current instanceof ObjectStoreUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
