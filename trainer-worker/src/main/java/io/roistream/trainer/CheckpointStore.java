package io.roistream.trainer;

import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.TrainingTrigger;
import io.roistream.runtime.objectstore.ObjectInfo;
import io.roistream.runtime.objectstore.ObjectNotFoundException;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where checkpoints live and how a trigger's checkpoint is found again. A trigger's version is its
 * id; its weights go to {@code s3://checkpoints/<backboneId>/<version>/rpn.ckpt} and, after them,
 * its event (Avro JSON of the {@code Checkpoint}) to {@code .../checkpoint.json}. A trigger whose
 * event object is there (with its weights, when READY) was trained before and is not trained again.
 */
public final class CheckpointStore {

    /** Name of the weights object inside a version's folder. */
    public static final String ARTIFACT_NAME = "rpn.ckpt";
    /** Name of the event object inside a version's folder. */
    public static final String EVENT_NAME = "checkpoint.json";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final long MAX_EVENT_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

    private final ObjectStore store;

    /** Checkpoints in {@code store}. */
    public CheckpointStore(ObjectStore store) {
        this.store = store;
    }

    /** The version a trigger's checkpoint gets: its id, which must be safe as a key segment. */
    public static String version(TrainingTrigger trigger) {
        return checkedSegment("trigger id", trigger.getTriggerId());
    }

    /** Where the weights of {@code version} for {@code backboneId} go. */
    public static ObjectRef artifact(String backboneId, String version) {
        return inFolder(backboneId, version, ARTIFACT_NAME);
    }

    /** Where the event of {@code version} for {@code backboneId} goes. */
    public static ObjectRef event(String backboneId, String version) {
        return inFolder(backboneId, version, EVENT_NAME);
    }

    private static ObjectRef inFolder(String backboneId, String version, String name) {
        return new ObjectRef(ObjectStoreLayout.CHECKPOINTS_BUCKET,
                checkedSegment("backbone id", backboneId) + "/" + checkedSegment("version", version) + "/" + name);
    }

    /**
     * The event already published for {@code version}, if its event object is there and readable and,
     * for a READY one, its weights are there with the recorded size.
     */
    public Optional<Checkpoint> published(String backboneId, String version) {
        ObjectRef ref = event(backboneId, version);
        byte[] json;
        try {
            json = store.getBytes(ref, MAX_EVENT_BYTES);
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
        Checkpoint checkpoint;
        try {
            checkpoint = decode(json);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} is unreadable ({}): the checkpoint is trained again", ref, e.getMessage());
            return Optional.empty();
        }
        if (checkpoint.getStatus() == CheckpointStatus.READY) {
            try {
                ObjectInfo info = store.stat(ObjectRef.parse(checkpoint.getArtifactUri()));
                if (info.size() != checkpoint.getSizeBytes()) {
                    LOG.warn("{} holds {} bytes, its event says {}: the checkpoint is trained again",
                            checkpoint.getArtifactUri(), info.size(), checkpoint.getSizeBytes());
                    return Optional.empty();
                }
            } catch (ObjectNotFoundException e) {
                LOG.warn("{} is missing: the checkpoint is trained again", checkpoint.getArtifactUri());
                return Optional.empty();
            }
        }
        return Optional.of(checkpoint);
    }

    /** Stores the weights of a trained checkpoint, then its event; returns the event. */
    public Checkpoint publish(TrainingTrigger trigger, TrainingOutcome outcome, Instant createdAt) {
        String version = version(trigger);
        Checkpoint.Builder event = Checkpoint.newBuilder()
                .setVersion(version)
                .setBackboneId(trigger.getBackboneId())
                .setTriggerId(trigger.getTriggerId())
                .setLabelCount(outcome.labelCount())
                .setMetrics(outcome.metrics())
                .setHyperParameters(outcome.hyperParameters())
                .setCreatedAt(createdAt);
        if (outcome instanceof TrainingOutcome.Trained trained) {
            ObjectRef artifact = artifact(trigger.getBackboneId(), version);
            store.put(artifact, trained.checkpoint(), "application/octet-stream");
            event.setArtifactUri(artifact.format()).setSha256(trained.sha256())
                    .setSizeBytes(trained.checkpoint().length).setStatus(CheckpointStatus.READY);
        } else {
            event.setArtifactUri("").setSha256("").setSizeBytes(0L).setStatus(CheckpointStatus.FAILED);
        }
        Checkpoint checkpoint = event.build();
        store.put(event(trigger.getBackboneId(), version), encode(checkpoint), "application/json");
        return checkpoint;
    }

    /**
     * The weights of the READY checkpoint {@code version}, checked against its event's SHA-256 when loaded.
     *
     * @throws TrainingRejectedException when there is no such READY checkpoint
     */
    public RpnTraining.BaseCheckpoint base(String backboneId, String version, long maxBytes) {
        Checkpoint checkpoint = published(backboneId, version)
                .filter(c -> c.getStatus() == CheckpointStatus.READY)
                .orElseThrow(() -> new TrainingRejectedException("base checkpoint " + version + " of backbone "
                        + backboneId + " does not exist or is not READY"));
        byte[] file = store.getBytes(ObjectRef.parse(checkpoint.getArtifactUri()), maxBytes);
        return new RpnTraining.BaseCheckpoint(version, file, checkpoint.getSha256());
    }

    static byte[] encode(Checkpoint checkpoint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Encoder encoder = EncoderFactory.get().jsonEncoder(Checkpoint.getClassSchema(), out);
            new SpecificDatumWriter<>(Checkpoint.class).write(checkpoint, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a checkpoint event as JSON failed", e);
        }
        return out.toByteArray();
    }

    static Checkpoint decode(byte[] json) throws IOException {
        return new SpecificDatumReader<>(Checkpoint.class).read(null,
                DecoderFactory.get().jsonDecoder(Checkpoint.getClassSchema(), new String(json, StandardCharsets.UTF_8)));
    }

    private static String checkedSegment(String what, String value) {
        if (value == null || !SAFE_ID.matcher(value).matches()) {
            throw new TrainingRejectedException("the " + what + " '" + value
                    + "' is not usable in an object key (letters, digits, '.', '_', '-', at most 200)");
        }
        return value;
    }
}
