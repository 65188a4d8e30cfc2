package io.roistream.coordinator;

import io.roistream.coordinator.training.ManifestStore;
import io.roistream.runtime.manifest.LabelManifest;
import io.roistream.runtime.manifest.LabelManifestCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/** Manifests kept in memory as the JSON bytes the object store would hold, for topology tests. */
public final class InMemoryManifestStore implements ManifestStore {

    private final Map<String, byte[]> objects = new LinkedHashMap<>();

    @Override
    public String store(LabelManifest manifest) {
        String uri = manifest.location().format();
        objects.put(uri, LabelManifestCodec.encode(manifest));
        return uri;
    }

    /** The manifest stored at {@code uri}, decoded; fails when there is none. */
    public LabelManifest read(String uri) {
        byte[] json = objects.get(uri);
        if (json == null) {
            throw new AssertionError("no manifest at " + uri + "; stored: " + objects.keySet());
        }
        return LabelManifestCodec.decode(json);
    }

    /** How many distinct manifests were stored. */
    public int count() {
        return objects.size();
    }
}
