package io.roistream.coordinator.training;

import io.roistream.runtime.manifest.LabelManifest;
import io.roistream.runtime.manifest.LabelManifestCodec;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;

/**
 * Manifests as JSON objects ({@link LabelManifestCodec}) in the object store. Transient store
 * failures are retried by {@link ObjectStore}; when it gives up, the exception fails the stream
 * task, which Kafka Streams restarts from its last commit, issuing the same trigger again.
 */
public final class ObjectStoreManifestStore implements ManifestStore {

    private final ObjectStore store;

    /** Manifests in {@code store} (whose {@code manifests} bucket must exist). */
    public ObjectStoreManifestStore(ObjectStore store) {
        this.store = store;
    }

    @Override
    public String store(LabelManifest manifest) {
        ObjectRef where = manifest.location();
        store.put(where, LabelManifestCodec.encode(manifest), LabelManifestCodec.CONTENT_TYPE);
        return where.format();
    }
}
