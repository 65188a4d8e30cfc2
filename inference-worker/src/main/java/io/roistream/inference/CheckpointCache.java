package io.roistream.inference;

import io.roistream.events.Checkpoint;
import io.roistream.model.backbone.Backbone;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.rpn.Rpn;
import io.roistream.model.rpn.RpnCheckpoint;
import io.roistream.runtime.objectstore.ObjectNotFoundException;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStoreRequestException;
import io.roistream.runtime.objectstore.ObjectTooLargeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The RPN checkpoints loaded beside the backbone, by version: a version is downloaded, verified
 * against the sha256 of its event and loaded on first use ({@link RpnCheckpoint#load}), then kept
 * while among the {@code capacity} most recently used. Hot swap: a new version loads beside the
 * old ones, and each task uses the version it is pinned to.
 *
 * <p>A file that is missing, too large, tampered with or made for other backbone weights is refused
 * ({@link CheckpointRefusedException}) and the refusal remembered for that version and sha256, so
 * it is not downloaded again; the versions already loaded are untouched. An object-store outage is
 * not a refusal: its transient exception goes up to the loop, which retries the batch.
 *
 * <p>Thread-safe. A {@link Lease} keeps its RPN open while in use: an evicted version is closed
 * when its last lease is closed.
 */
public final class CheckpointCache implements AutoCloseable {

    /** Metadata key of a checkpoint's RoI threshold tau, in its hyper-parameters. */
    public static final String THRESHOLD_KEY = "roi.threshold";
    private static final int REMEMBERED_REFUSALS = 64;

    /** Where checkpoint files come from (the object store in the worker). */
    @FunctionalInterface
    public interface ArtifactSource {
        /** The bytes of {@code ref}, at most {@code maxBytes}; the store's exceptions otherwise. */
        byte[] fetch(ObjectRef ref, long maxBytes);
    }

    /** What the cache does, for metrics. */
    public interface Observer {
        /** {@code version} was loaded. */
        void loaded(String version);

        /** {@code version} was refused (counted once per version and sha256). */
        void refused(String version);

        /** Observes nothing. */
        Observer NONE = new Observer() {
            @Override
            public void loaded(String version) {
            }

            @Override
            public void refused(String version) {
            }
        };
    }

    private final ArtifactSource source;
    private final Backbone backbone;
    private final BackboneManifest manifest;
    private final int capacity;
    private final long maxBytes;
    private final Observer observer;
    private final LinkedHashMap<String, Entry> loaded = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, String> refusals = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_REFUSALS;
        }
    };
    private boolean closed;

    /**
     * A cache of at most {@code capacity} RPNs for {@code backbone} (described by {@code manifest}),
     * reading files of at most {@code maxBytes} from {@code source}.
     */
    public CheckpointCache(ArtifactSource source, Backbone backbone, BackboneManifest manifest, int capacity,
                           long maxBytes, Observer observer) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.source = Objects.requireNonNull(source, "source");
        this.backbone = Objects.requireNonNull(backbone, "backbone");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * The RPN of {@code checkpoint}, loading it unless it is loaded; close the lease when done.
     *
     * @throws CheckpointRefusedException when the file cannot be used
     */
    public synchronized Lease acquire(Checkpoint checkpoint) {
        if (closed) {
            throw new IllegalStateException("the checkpoint cache is closed");
        }
        String version = checkpoint.getVersion();
        String sha256 = checkpoint.getSha256();
        Entry entry = loaded.get(version);
        if (entry == null || !entry.sha256.equals(sha256)) {
            String refusal = refusals.get(refusalKey(version, sha256));
            if (refusal != null) {
                throw new CheckpointRefusedException(version, refusal, null);
            }
            entry = load(checkpoint);
            Entry replaced = loaded.put(version, entry);
            if (replaced != null) {
                replaced.evict();
            }
            evictBeyondCapacity();
            observer.loaded(version);
        }
        entry.leases++;
        return new Lease(entry);
    }

    /** The versions loaded now, least recently used first. */
    public synchronized List<String> loadedVersions() {
        return new ArrayList<>(loaded.keySet());
    }

    private Entry load(Checkpoint checkpoint) {
        String version = checkpoint.getVersion();
        try {
            ObjectRef ref = ObjectRef.parse(checkpoint.getArtifactUri());
            byte[] file = source.fetch(ref, maxBytes);
            // the threshold is checked first: a refused file must not leave a loaded RPN behind
            OptionalDouble tau = threshold(RpnCheckpoint.decode(file).description().hyperParameters());
            Rpn rpn = RpnCheckpoint.load(file, checkpoint.getSha256(), backbone, manifest);
            return new Entry(version, checkpoint.getSha256(), rpn, tau);
        } catch (IOException | ObjectNotFoundException | ObjectTooLargeException | ObjectStoreRequestException
                 | IllegalArgumentException e) {
            String problem = e.getMessage();
            refusals.put(refusalKey(version, checkpoint.getSha256()), problem);
            observer.refused(version);
            throw new CheckpointRefusedException(version, problem, e);
        }
    }

    private static OptionalDouble threshold(Map<String, String> hyperParameters) throws IOException {
        String value = hyperParameters == null ? null : hyperParameters.get(THRESHOLD_KEY);
        if (value == null) {
            return OptionalDouble.empty();
        }
        try {
            double tau = Double.parseDouble(value.trim());
            if (tau > 0 && tau < 1) {
                return OptionalDouble.of(tau);
            }
        } catch (NumberFormatException e) {
            throw new IOException(THRESHOLD_KEY + " '" + value + "' of the checkpoint is not a number", e);
        }
        throw new IOException(THRESHOLD_KEY + " " + value + " of the checkpoint is not strictly between 0 and 1");
    }

    private void evictBeyondCapacity() {
        Iterator<Entry> eldest = loaded.values().iterator();
        while (loaded.size() > capacity && eldest.hasNext()) {
            Entry entry = eldest.next();
            eldest.remove();
            entry.evict();
        }
    }

    private static String refusalKey(String version, String sha256) {
        return version + "@" + sha256;
    }

    /** Closes every loaded RPN that no lease holds (the others close with their last lease). */
    @Override
    public synchronized void close() {
        closed = true;
        for (Entry entry : loaded.values()) {
            entry.evict();
        }
        loaded.clear();
    }

    /** One use of a loaded checkpoint; closing it lets an evicted RPN go. */
    public final class Lease implements AutoCloseable {

        private final Entry entry;
        private boolean released;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        /** The checkpoint's version. */
        public String version() {
            return entry.version;
        }

        /** The loaded RPN. */
        public Rpn rpn() {
            return entry.rpn;
        }

        /** The RoI threshold the checkpoint carries ({@value #THRESHOLD_KEY}), if any. */
        public OptionalDouble threshold() {
            return entry.threshold;
        }

        @Override
        public void close() {
            synchronized (CheckpointCache.this) {
                if (released) {
                    return;
                }
                released = true;
                entry.leases--;
                if (entry.evicted && entry.leases == 0) {
                    entry.rpn.close();
                }
            }
        }
    }

    private static final class Entry {
        final String version;
        final String sha256;
        final Rpn rpn;
        final OptionalDouble threshold;
        int leases;
        boolean evicted;

        Entry(String version, String sha256, Rpn rpn, OptionalDouble threshold) {
            this.version = version;
            this.sha256 = sha256;
            this.rpn = rpn;
            this.threshold = threshold;
        }

        void evict() {
            evicted = true;
            if (leases == 0) {
                rpn.close();
            }
        }
    }
}
