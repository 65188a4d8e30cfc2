package io.roistream.model.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.model.data.DatasetReader;
import io.roistream.model.data.VqaSample;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateDataCommandTest {

    @TempDir
    Path folder;

    @Test
    void writesASplitWithTheRequestedKnobs() throws IOException {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new GenerateDataCommand());
        command.setOut(new PrintWriter(out));
        int exit = command.execute("--out", folder.toString(), "--seed", "9", "--count", "4", "--questions-per-image", "3",
            "--mix", "label=1", "--max-label-digits", "2", "--width", "512", "--height", "320", "--threads", "2");
        assertEquals(0, exit, out.toString());
        assertTrue(out.toString().contains("wrote 4 images and 12 questions"), out.toString());

        DatasetReader reader = new DatasetReader(folder);
        assertEquals(4, reader.imageIds().size());
        assertEquals(12, reader.questions().size());
        for (VqaSample sample : reader.questions()) {
            assertEquals("label", sample.template());
            assertEquals(sample.answer(), reader.objects(sample.imageId()).get(sample.objectId()).label());
        }
        assertEquals(512, reader.image(reader.imageIds().get(0)).getWidth());
    }

    @Test
    void rejectsImpossibleSettingsWithAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new GenerateDataCommand());
        command.setErr(new PrintWriter(err));
        assertEquals(2, command.execute("--out", folder.toString(), "--width", "100"));
        assertTrue(err.toString().contains("256..2048"), err.toString());
        assertEquals(2, command.execute("--out", folder.toString(), "--mix", "nonsense=1"));
    }
}
