package io.roistream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.roistream.events.TrainingTrigger;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.Engines;
import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.images.TestImages;
import io.roistream.runtime.manifest.LabelManifest;
import io.roistream.runtime.manifest.LabelManifestCodec;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import io.roistream.runtime.objectstore.ParallelTransfers;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A label set read from a real S3 store: its samples in the manifest's order, those that cannot be
 * trained on left out and counted, and never more than the read-ahead downloaded ahead of the
 * sample the training takes.
 */
@WithEmbeddedStack(brokers = 1, registry = false, objectStore = true)
class LabelSetReaderIntegrationTest {

    private static final int READ_AHEAD = 3;

    @Test
    void samplesAreReadAWindowAheadOfTheTrainingInTheManifestsOrder(StackEndpoints stack) throws Exception {
        Engines.configure(1, 7);
        BackboneManifest manifest = DefaultBackbone.manifest();
        TrainerSettings defaults = TrainerSettings.defaults();
        TrainerSettings settings = new TrainerSettings(defaults.training(), defaults.featureBatch(), READ_AHEAD,
                defaults.validationShare(), defaults.minLabels(), defaults.foregroundRatio(),
                defaults.backgroundRatio(), defaults.maxManifestBytes(), defaults.maxImageBytes(),
                defaults.maxMapsBytes(), defaults.maxCheckpointBytes());
        Map<String, String> values = new HashMap<>(ObjectStoreSettings.DEFAULTS);
        values.putAll(Map.of("objectstore.endpoint", stack.objectStoreEndpoint(), "objectstore.access-key",
                stack.objectStoreAccessKey(), "objectstore.secret-key", stack.objectStoreSecretKey()));
        Configuration config = Configuration.load(List.of(), Map.of(), values);
        try (ObjectStore store = ObjectStore.connect(ObjectStoreSettings.fromConfiguration(config));
             DjlBackbone backbone = DefaultBackbone.load(Device.cpu());
             ParallelTransfers transfers = new ParallelTransfers("reader-it", 2)) {
            // 12 labels: the last 2 made by another backbone version, the 10th with an image that is no
            // image, the 9th replaced after labelling by a header claiming 100,000 x 100,000 pixels
            TrainingTrigger trigger = StoredLabelSets.store(store, manifest, "t-window",
                    TrainingScenes.make(backbone, manifest, 4, 3), 2);
            LabelManifest labels = LabelManifestCodec.decode(store.getBytes(ObjectRef.parse(trigger.getManifestUri()),
                    1 << 20));
            store.put(ObjectRef.parse(labels.labels().get(9).getImage().getUri()),
                    "not an image".getBytes(StandardCharsets.US_ASCII), "image/png");
            store.put(ObjectRef.parse(labels.labels().get(8).getImage().getUri()),
                    TestImages.pngHeaderClaiming(100_000, 100_000), "image/png");

            LabelSetReader.PendingLabelSet pending = new LabelSetReader(store, settings, transfers,
                    manifest.version()).start(trigger);
            assertEquals(READ_AHEAD, pending.readsStarted(), "reads started with the manifest");
            assertThrows(IllegalStateException.class, pending::leftOut, "left out is known at the end");

            List<String> taken = new ArrayList<>();
            Iterator<LabelledSample> samples = pending.samples().iterator();
            while (samples.hasNext()) {
                taken.add(samples.next().sampleId());
                assertTrue(pending.readsStarted() <= taken.size() + READ_AHEAD,
                        pending.readsStarted() + " reads started with " + taken.size() + " samples taken");
            }
            assertEquals(labels.labels().subList(0, 8).stream().map(label -> label.getSampleId()).toList(), taken);
            assertEquals(4, pending.leftOut(),
                    "a decompression bomb, an unreadable image and two labels of another backbone version");
            assertEquals(12, pending.readsStarted());
            assertThrows(IllegalStateException.class, pending::samples, "a label set is read once");
        }
    }
}
