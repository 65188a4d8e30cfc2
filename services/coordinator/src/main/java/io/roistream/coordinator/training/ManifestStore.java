package io.roistream.coordinator.training;

import io.roistream.runtime.manifest.LabelManifest;

/**
 * Where the coordinator writes label-set manifests; {@link ObjectStoreManifestStore} in production.
 * Writes must be idempotent: a manifest written again (a retried trigger) replaces the first.
 */
public interface ManifestStore {

    /**
     * Stores {@code manifest} at {@link LabelManifest#location()}, replacing what is there.
     *
     * @return the manifest's URI, {@code s3://manifests/<backboneId>/<triggerId>.json}
     */
    String store(LabelManifest manifest);
}
