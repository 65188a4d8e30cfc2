package io.roistream.labeler;

import io.roistream.events.ImageRef;
import io.roistream.events.LabelRequest;
import io.roistream.events.PseudoLabel;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.runtime.kafka.InputRecord;
import io.roistream.runtime.kafka.OutputRecord;
import io.roistream.runtime.kafka.PipelinedBatchProcessor;
import io.roistream.runtime.kafka.RecordOutcome;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ParallelTransfers;
import io.roistream.schemas.Topics;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The labeler's work on one micro-batch: every request is checked on its own
 * ({@link LabelRequestCheck}; a refused one fails alone and is dead-lettered), the backbone teaches
 * all admitted requests in one run ({@link PseudoLabeler#teach}), then each sample's maps (and its
 * image, when it came inline) are stored at deterministic keys ({@link LabelObjects}), the batch's
 * samples side by side, and its {@link PseudoLabel} is produced, keyed by sample id. Checking (and
 * decoding the images) is the pipeline's preparation ({@link #prepare}, on the loop's thread, while
 * the model works on the previous batch); teaching and starting the writes the first step (on the
 * loop's processing thread); waiting for the writes and making the labels the second.
 *
 * <p>Re-running a batch (after a transient failure) overwrites the same objects and produces the
 * same labels but for {@code createdAt}; only one run's outputs are ever committed. When the
 * backbone itself throws, the exception fails the whole batch and the loop re-runs its records one
 * by one, so only the request that breaks it is dead-lettered.
 */
public final class LabelBatchProcessor implements PipelinedBatchProcessor<LabelRequest> {

    private final LabelRequestCheck check;
    private final PseudoLabeler labeler;
    private final LabelObjects objects;
    private final ParallelTransfers writes;
    private final PseudoLabelEvents events;
    private final LabelCounters counters;
    private final Clock clock;

    /**
     * The processor of the labeler's parts; a batch's samples are stored side by side through
     * {@code writes}; {@code clock} stamps {@code createdAt}.
     */
    public LabelBatchProcessor(LabelRequestCheck check, PseudoLabeler labeler, LabelObjects objects,
                               ParallelTransfers writes, PseudoLabelEvents events, LabelCounters counters,
                               Clock clock) {
        this.check = Objects.requireNonNull(check, "check");
        this.labeler = Objects.requireNonNull(labeler, "labeler");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.events = Objects.requireNonNull(events, "events");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Finish start(List<InputRecord<LabelRequest>> batch) throws Exception {
        return prepare(batch).run();
    }

    /** Admits each request (its image checked and decoded) on the loop's thread; the model's step follows. */
    @Override
    public FirstStep prepare(List<InputRecord<LabelRequest>> batch) {
        List<RecordOutcome> outcomes = new ArrayList<>(batch.size());
        List<InputRecord<LabelRequest>> inputs = new ArrayList<>();
        List<LabelRequestCheck.Admitted> admitted = new ArrayList<>();
        for (InputRecord<LabelRequest> input : batch) {
            try {
                admitted.add(check.admit(input.value()));
                inputs.add(input);
            } catch (RuntimeException e) {
                outcomes.add(RecordOutcome.failed(input, e));
            }
        }
        return () -> teachAndStore(inputs, admitted, outcomes);
    }

    private Finish teachAndStore(List<InputRecord<LabelRequest>> inputs, List<LabelRequestCheck.Admitted> admitted,
                                 List<RecordOutcome> outcomes) {
        if (admitted.isEmpty()) {
            return () -> outcomes;
        }
        List<BufferedImage> images = admitted.stream().map(LabelRequestCheck.Admitted::pixels).toList();
        List<String> questions = admitted.stream().map(a -> a.request().getQuestion()).toList();
        List<PseudoLabeler.Teaching> taught = labeler.teach(images, questions);
        List<CompletableFuture<PseudoLabel>> stored = new ArrayList<>(admitted.size());
        for (int i = 0; i < admitted.size(); i++) {
            LabelRequestCheck.Admitted sample = admitted.get(i);
            PseudoLabeler.Teaching teaching = taught.get(i);
            stored.add(writes.submit(() -> store(sample, teaching)));
        }
        return () -> {
            for (int i = 0; i < stored.size(); i++) {
                InputRecord<LabelRequest> input = inputs.get(i);
                try {
                    PseudoLabel label = ParallelTransfers.await(stored.get(i));
                    counters.count(label);
                    outcomes.add(RecordOutcome.processed(input,
                        OutputRecord.of(Topics.PSEUDO_LABELS, label.getSampleId(), label)));
                } catch (RuntimeException e) {
                    outcomes.add(RecordOutcome.failed(input, e));
                }
            }
            return outcomes;
        };
    }

    private PseudoLabel store(LabelRequestCheck.Admitted sample, PseudoLabeler.Teaching teaching) {
        LabelRequest request = sample.request();
        ObjectRef storedImage = request.getImage().getUri() == null ? objects.storeImage(sample.image()) : null;
        ImageRef image = PseudoLabelEvents.labelledImage(request.getImage(), storedImage, sample.image());
        ObjectRef maps = objects.storeMaps(request.getSampleId(), teaching.maps());
        return events.pseudoLabel(request, image, maps, teaching, clock.instant());
    }
}
