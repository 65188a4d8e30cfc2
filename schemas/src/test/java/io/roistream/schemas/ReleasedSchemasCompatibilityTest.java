package io.roistream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * BACKWARD compatibility of the current contracts with every released schema, checked locally
 * with Avro's own rules (fast feedback; the registry's verdict is checked by
 * {@link RegistryCompatibilityIntegrationTest}).
 */
class ReleasedSchemasCompatibilityTest {

    @Test
    void currentSchemasReadEveryReleasedSchema() {
        List<ReleasedSchemas.Released> released = ReleasedSchemas.all();
        for (ReleasedSchemas.Released old : released) {
            assertEquals(SchemaCompatibilityType.COMPATIBLE, backward(old.topic().valueSchema(), old.schema()),
                    "current " + old.topic().valueType().getSimpleName() + " cannot read released " + old);
        }
        assertEquals(Topics.all().size(), released.stream().filter(r -> r.version().equals("0.1.0")).count(),
                "the first release covers every topic");
    }

    @Test
    void aNewRequiredFieldWithoutDefaultIsBreaking() {
        Schema current = Topics.QUESTIONS.valueSchema();
        Schema breaking = SchemaEdits.withField(current, """
                {"name": "priority", "type": "int", "doc": "added without default"}""");
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE, backward(breaking, current));
    }

    @Test
    void aRemovedSymbolIsBreakingUnlessTheEnumHasADefault() {
        Schema current = Topics.PSEUDO_LABELS.valueSchema();
        Schema noDropped = SchemaEdits.withoutEnumSymbol(current, "LabelDecision", "DROPPED");
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE, backward(noDropped, current));
        Schema noEmptyAnswer = SchemaEdits.withoutEnumSymbol(current, "DropReason", "EMPTY_ANSWER");
        assertEquals(SchemaCompatibilityType.COMPATIBLE, backward(noEmptyAnswer, current));
    }

    @Test
    void aNewOptionalFieldIsCompatible() {
        Schema current = Topics.ANSWERS.valueSchema();
        Schema evolved = SchemaEdits.withField(current, """
                {"name": "language", "type": ["null", "string"], "default": null, "doc": "added optional"}""");
        assertEquals(SchemaCompatibilityType.COMPATIBLE, backward(evolved, current));
    }

    private static SchemaCompatibilityType backward(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType();
    }
}
