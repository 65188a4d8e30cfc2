package io.roistream.trainer;

import io.roistream.events.ImageRef;
import io.roistream.events.LabelDecision;
import io.roistream.events.PseudoLabel;
import io.roistream.events.TrainingTrigger;
import io.roistream.model.labels.MapsCodec;
import io.roistream.runtime.manifest.LabelManifest;
import io.roistream.runtime.manifest.LabelManifestCodec;
import io.roistream.runtime.manifest.ManifestFormatException;
import io.roistream.runtime.objectstore.ObjectNotFoundException;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ParallelTransfers;
import io.roistream.runtime.objectstore.ObjectTooLargeException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the label set a trigger names: its manifest, then each KEPT label's image and stored maps.
 * A manifest that is missing, unreadable or about another trigger or backbone rejects the trigger;
 * a label whose image or maps are gone or unreadable is left out (and counted); object-store
 * outages propagate as the transient failures they are.
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
     * A label set being read: its manifest, and its samples' reads under way on the transfer threads
     * (all started at once), so that a training can work on the first samples while the rest arrive.
     *
     * @param manifest the manifest
     * @param reads one read per label of the manifest, in its order; empty for a label left out
     */
    public record PendingLabelSet(LabelManifest manifest, List<CompletableFuture<Optional<LabelledSample>>> reads) {

        /**
         * The samples that could be read, in the manifest's order, each as soon as its read is done;
         * an object-store outage is thrown when its sample is reached.
         */
        public Iterable<LabelledSample> samples() {
            return () -> reads.stream().map(ParallelTransfers::await).flatMap(Optional::stream).iterator();
        }

        /** Labels of the manifest left out (dropped, other backbone version, unreadable); waits for every read. */
        public int leftOut() {
            return (int) reads.stream().map(ParallelTransfers::await).filter(Optional::isEmpty).count();
        }
    }

    private final ObjectStore store;
    private final TrainerSettings settings;
    private final ParallelTransfers transfers;
    private final String backboneVersion;

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
     * Reads the manifest of {@code trigger} and starts reading its samples.
     *
     * @throws TrainingRejectedException when the manifest is missing, too large, unreadable, or names
     *     another trigger or backbone
     */
    public PendingLabelSet start(TrainingTrigger trigger) {
        LabelManifest manifest = manifest(trigger);
        List<CompletableFuture<Optional<LabelledSample>>> reads = new ArrayList<>();
        for (PseudoLabel label : manifest.labels()) {
            if (!label.getBackboneId().equals(trigger.getBackboneId())) {
                throw new TrainingRejectedException("label " + label.getSampleId() + " of manifest "
                        + trigger.getManifestUri() + " was made by backbone " + label.getBackboneId() + ", not "
                        + trigger.getBackboneId());
            }
            boolean usable = label.getDecision() == LabelDecision.KEPT
                    && backboneVersion.equals(label.getBackboneVersion());
            reads.add(usable ? transfers.submit(() -> sample(label)) : CompletableFuture.completedFuture(Optional.empty()));
        }
        return new PendingLabelSet(manifest, List.copyOf(reads));
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
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(imageBytes(label.getImage())));
            if (image == null) {
                LOG.warn("label {} is left out: its image is in no format ImageIO reads", id);
                return Optional.empty();
            }
            return Optional.of(new LabelledSample(id, image, label.getQuestion(), MapsCodec.decode(maps)));
        } catch (ObjectNotFoundException | ObjectTooLargeException | IOException e) {
            LOG.warn("label {} is left out: {}", id, e.getMessage());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            LOG.warn("label {} is left out: a bad object uri: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    private byte[] imageBytes(ImageRef image) {
        if (image.getInlineBytes() != null) {
            ByteBuffer view = image.getInlineBytes().duplicate();
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            return bytes;
        }
        if (image.getUri() == null) {
            throw new IllegalArgumentException("the image has neither uri nor inline bytes");
        }
        return store.getBytes(ObjectRef.parse(image.getUri()), settings.maxImageBytes());
    }
}
