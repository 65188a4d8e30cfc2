package io.roistream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.schemas.serde.RegistryException;
import io.roistream.schemas.serde.RegistryRestClient;
import io.roistream.schemas.serde.RegistryRestClient.Compatibility;
import io.roistream.schemas.serde.SerdeConfig;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry's own BACKWARD check: each released schema is registered, the subject set to
 * BACKWARD, and the registry asked whether the current schema may follow it. Deliberately breaking
 * changes must be refused by the same check.
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = false)
class RegistryCompatibilityIntegrationTest {

    private static RegistryRestClient registry;

    @BeforeAll
    static void connect(StackEndpoints stack) {
        registry = RegistryRestClient.from(new SerdeConfig(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL,
                stack.schemaRegistryUrl())));
    }

    @Test
    void everyCurrentSchemaIsBackwardCompatibleWithEveryRelease() {
        for (ReleasedSchemas.Released released : ReleasedSchemas.all()) {
            String subject = "release-" + released.version() + "." + released.topic().valueSubject();
            Compatibility verdict = verdict(subject, released.schema(), released.topic().valueSchema());
            assertTrue(verdict.compatible(), "current " + released.topic().valueType().getSimpleName()
                    + " breaks released " + released + ": " + verdict.messages());
        }
    }

    @Test
    void aNewRequiredFieldWithoutDefaultIsRejected() {
        Schema current = Topics.QUESTIONS.valueSchema();
        Schema breaking = SchemaEdits.withField(current, """
                {"name": "priority", "type": "int", "doc": "added without default"}""");
        assertRejected("breaking.required-field", current, breaking);
    }

    @Test
    void aRemovedEnumSymbolIsRejected() {
        Schema current = Topics.PSEUDO_LABELS.valueSchema();
        Schema breaking = SchemaEdits.withoutEnumSymbol(current, "LabelDecision", "DROPPED");
        assertRejected("breaking.removed-symbol", current, breaking);
    }

    @Test
    void aNewOptionalFieldIsAccepted() {
        Schema current = Topics.ANSWERS.valueSchema();
        Schema evolved = SchemaEdits.withField(current, """
                {"name": "language", "type": ["null", "string"], "default": null, "doc": "added optional"}""");
        Compatibility verdict = verdict("evolved.optional-field", current, evolved);
        assertTrue(verdict.compatible(), verdict.messages().toString());
        registry.register("evolved.optional-field", evolved.toString());
    }

    private static void assertRejected(String subject, Schema current, Schema breaking) {
        Compatibility verdict = verdict(subject, current, breaking);
        assertFalse(verdict.compatible(), "the registry accepted a breaking change under " + subject);
        RegistryException refused = assertThrows(RegistryException.class,
                () -> registry.register(subject, breaking.toString()));
        assertEquals(409, refused.httpStatus(), refused.getMessage());
    }

    private static Compatibility verdict(String subject, Schema registered, Schema candidate) {
        registry.register(subject, registered.toString());
        registry.setCompatibility(subject, "BACKWARD");
        return registry.testCompatibilityWithLatest(subject, candidate.toString());
    }
}
