package io.roistream.trainer;

import io.roistream.events.LabelDecision;
import io.roistream.events.PseudoLabel;
import io.roistream.events.TrainingTrigger;
import io.roistream.model.labels.MapsCodec;
import io.roistream.runtime.images.ImageIntake;
import io.roistream.runtime.images.ImageLimits;
import io.roistream.runtime.images.ImageRejectedException;
import io.roistream.runtime.manifest.LabelManifest;
import io.roistream.runtime.manifest.LabelManifestCodec;
import io.roistream.runtime.manifest.ManifestFormatException;
import io.roistream.runtime.objectstore.ObjectNotFoundException;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreRequestException;
import io.roistream.runtime.objectstore.ParallelTransfers;
import io.roistream.runtime.objectstore.ObjectTooLargeException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the label set a trigger names: its manifest, then each KEPT label's image and stored maps.
 * A manifest that is missing, unreadable or about another trigger or backbone rejects the trigger;
 * a label whose image or maps are gone, refused by the store or unreadable is left out (and
 * counted), as is an image that fails the intake checks before decoding (its sha256 when the label
 * carries one, its format, and the default {@code images.*} pixel limits, so an object replaced by a
 * decompression bomb after labelling cannot exhaust the trainer's memory); object-store outages
 * propagate as the transient failures they are.
 */
public final class LabelSetReader {

    private static final Logger LOG = LoggerFactory.getLogger(LabelSetReader.class);

    /**
     * A label set as read.
     *
     * @param manifest the manifest
     * @param samples the labels whose image and maps could be read
     * @param leftOut labels of the manifest left out (dropped by the labeler, made by another backbone
     *     version, or image or maps unreadable)
     */
    public record LabelSet(LabelManifest manifest, List<LabelledSample> samples, int leftOut) {}

    /**
     * A label set being read: its manifest, and its samples, downloaded and decoded on the transfer
     * threads at most {@link TrainerSettings#readAhead()} ahead of the one the training takes, so that
     * the training works on the first samples while the next ones arrive, and a label set of any size
     * holds only that many decoded samples in memory at once.
     */
    public final class PendingLabelSet {

        private final LabelManifest manifest;
        private final String triggerId;
        private final Deque<CompletableFuture<Optional<LabelledSample>>> underWay = new ArrayDeque<>();
        private int readsStarted;
        private int leftOut;
        private boolean taken;
        private boolean finished;

        private PendingLabelSet(LabelManifest manifest, String triggerId) {
            this.manifest = manifest;
            this.triggerId = triggerId;
            readAhead();
        }

        /** The manifest. */
        public LabelManifest manifest() {
            return manifest;
        }

        /**
         * The samples that could be read, in the manifest's order, each as soon as its read is done;
         * iterable once. An object-store outage is thrown when its sample is reached.
         */
        public Iterable<LabelledSample> samples() {
            if (taken) {
                throw new IllegalStateException("the samples of the label set of trigger " + triggerId
                        + " are read once");
            }
            taken = true;
            return Samples::new;
        }

        /**
         * Labels of the manifest left out (dropped by the labeler, made by another backbone version, or
         * image or maps unreadable), once {@link #samples()} was read to its end.
         */
        public int leftOut() {
            if (!finished) {
                throw new IllegalStateException("the label set of trigger " + triggerId + " was not read to its end");
            }
            return leftOut;
        }

        /** Labels whose reads were started (or that were skipped unread) so far. */
        int readsStarted() {
            return readsStarted;
        }

        /** Starts reads until {@code readAhead} are under way or every label's has started. */
        private void readAhead() {
            List<PseudoLabel> labels = manifest.labels();
            while (underWay.size() < settings.readAhead() && readsStarted < labels.size()) {
                underWay.add(read(labels.get(readsStarted++)));
            }
        }

        /** Hands out the samples as their reads complete, starting the next read for each. */
        private final class Samples implements Iterator<LabelledSample> {
            private LabelledSample next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    readAhead();
                    if (underWay.isEmpty()) {
                        finished = true;
                        return false;
                    }
                    Optional<LabelledSample> sample = ParallelTransfers.await(underWay.poll());
                    if (sample.isPresent()) {
                        next = sample.get();
                    } else {
                        leftOut++;
                    }
                }
                return true;
            }

            @Override
            public LabelledSample next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                LabelledSample sample = next;
                next = null;
                return sample;
            }
        }
    }

    private final ObjectStore store;
    private final TrainerSettings settings;
    private final ParallelTransfers transfers;
    private final String backboneVersion;
    private final ImageIntake intake;

    /**
     * A reader over {@code store}, within the size limits of {@code settings}; the samples' maps and
     * images are downloaded and decoded side by side on {@code transfers}. Labels made by another
     * version of the backbone than {@code backboneVersion} (the trainer's,
     * {@link io.roistream.model.backbone.BackboneManifest#version()}) are left out: their maps come
     * from other weights.
     */
    public LabelSetReader(ObjectStore store, TrainerSettings settings, ParallelTransfers transfers,
                          String backboneVersion) {
        this.store = store;
        this.settings = settings;
        this.transfers = transfers;
        this.backboneVersion = backboneVersion;
        this.intake = new ImageIntake(store, ImageLimits.defaults().withMaxBytes(settings.maxImageBytes()));
    }

    /**
     * The label set of {@code trigger}, read whole.
     *
     * @throws TrainingRejectedException when the manifest is missing, too large, unreadable, or names
     *     another trigger or backbone
     */
    public LabelSet read(TrainingTrigger trigger) {
        PendingLabelSet pending = start(trigger);
        List<LabelledSample> samples = new ArrayList<>();
        pending.samples().forEach(samples::add);
        LOG.info("trigger {}: {} of the {} labels of {} read", trigger.getTriggerId(), samples.size(),
                pending.manifest().labelCount(), trigger.getManifestUri());
        return new LabelSet(pending.manifest(), samples, pending.leftOut());
    }

    /**
     * Reads the manifest of {@code trigger} and starts reading its first samples; the others are read
     * as {@link PendingLabelSet#samples()} is iterated.
     *
     * @throws TrainingRejectedException when the manifest is missing, too large, unreadable, or names
     *     another trigger or backbone
     */
    public PendingLabelSet start(TrainingTrigger trigger) {
        LabelManifest manifest = manifest(trigger);
        for (PseudoLabel label : manifest.labels()) {
            if (!label.getBackboneId().equals(trigger.getBackboneId())) {
                throw new TrainingRejectedException("label " + label.getSampleId() + " of manifest "
                        + trigger.getManifestUri() + " was made by backbone " + label.getBackboneId() + ", not "
                        + trigger.getBackboneId());
            }
        }
        return new PendingLabelSet(manifest, trigger.getTriggerId());
    }

    /** Starts reading {@code label}'s sample; empty at once for a label not to train on. */
    private CompletableFuture<Optional<LabelledSample>> read(PseudoLabel label) {
        boolean usable = label.getDecision() == LabelDecision.KEPT && backboneVersion.equals(label.getBackboneVersion());
        return usable ? transfers.submit(() -> sample(label)) : CompletableFuture.completedFuture(Optional.empty());
    }

    private LabelManifest manifest(TrainingTrigger trigger) {
        LabelManifest manifest;
        try {
            ObjectRef ref = ObjectRef.parse(trigger.getManifestUri());
            manifest = LabelManifestCodec.decode(store.getBytes(ref, settings.maxManifestBytes()));
        } catch (ObjectNotFoundException e) {
            throw new TrainingRejectedException("the manifest " + trigger.getManifestUri() + " does not exist", e);
        } catch (ObjectTooLargeException e) {
            throw new TrainingRejectedException("the manifest " + trigger.getManifestUri() + " is too large", e);
        } catch (ManifestFormatException e) {
            throw new TrainingRejectedException("the manifest " + trigger.getManifestUri() + " is unreadable: "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new TrainingRejectedException("the manifest uri '" + trigger.getManifestUri() + "' is invalid: "
                    + e.getMessage(), e);
        }
        if (!manifest.triggerId().equals(trigger.getTriggerId())
                || !manifest.backboneId().equals(trigger.getBackboneId())) {
            throw new TrainingRejectedException("the manifest " + trigger.getManifestUri() + " is for trigger "
                    + manifest.triggerId() + " of backbone " + manifest.backboneId() + ", not trigger "
                    + trigger.getTriggerId() + " of backbone " + trigger.getBackboneId());
        }
        return manifest;
    }

    private Optional<LabelledSample> sample(PseudoLabel label) {
        String id = label.getSampleId();
        try {
            byte[] maps = store.getBytes(ObjectRef.parse(label.getMaps().getUri()), settings.maxMapsBytes());
            BufferedImage image = intake.check(label.getImage()).decode();
            return Optional.of(new LabelledSample(id, image, label.getQuestion(), MapsCodec.decode(maps)));
        } catch (ObjectNotFoundException | ObjectTooLargeException | ObjectStoreRequestException | IOException e) {
            LOG.warn("label {} is left out: {}", id, e.getMessage());
            return Optional.empty();
        } catch (ImageRejectedException e) {
            LOG.warn("label {} is left out: its image is refused: {}", id, e.getMessage());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            LOG.warn("label {} is left out: a bad object uri: {}", id, e.getMessage());
            return Optional.empty();
        }
    }
}
