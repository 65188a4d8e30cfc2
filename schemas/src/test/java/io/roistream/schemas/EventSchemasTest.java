package io.roistream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Checks the house rules of the event contracts on every type reachable from a topic. */
class EventSchemasTest {

    @Test
    void everyNamedTypeIsDocumentedAndInTheEventsNamespace() {
        for (Schema named : namedTypesOfAllTopics()) {
            assertEquals("io.roistream.events", named.getNamespace(), named.getFullName());
            assertDocumented(named.getDoc(), named.getFullName());
            if (named.getType() == Schema.Type.RECORD) {
                for (Schema.Field field : named.getFields()) {
                    assertDocumented(field.doc(), named.getName() + "." + field.name());
                }
            }
        }
    }

    @Test
    void optionalFieldsAreNullFirstUnionsWithNullDefault() {
        List<String> checked = new ArrayList<>();
        for (Schema named : namedTypesOfAllTopics()) {
            if (named.getType() != Schema.Type.RECORD) {
                continue;
            }
            for (Schema.Field field : named.getFields()) {
                Schema type = field.schema();
                if (type.getType() == Schema.Type.UNION && type.isNullable()) {
                    String where = named.getName() + "." + field.name();
                    assertEquals(Schema.Type.NULL, type.getTypes().get(0).getType(), where + ": null must come first");
                    assertTrue(field.hasDefaultValue(), where + " needs a default");
                    assertEquals(JsonProperties.NULL_VALUE, field.defaultVal(), where + " must default to null");
                    checked.add(where);
                }
            }
        }
        assertTrue(checked.contains("Question.deadline"), "the walk reaches nested optional fields: " + checked);
        assertTrue(checked.contains("ImageRef.uri"), "the walk reaches shared records: " + checked);
    }

    @Test
    void sharedRecordsAreOneDefinition() {
        Schema imageInQuestion = Topics.QUESTIONS.valueSchema().getField("image").schema();
        Schema imageInRequest = Topics.LABEL_REQUESTS.valueSchema().getField("image").schema();
        Schema imageInLabel = Topics.PSEUDO_LABELS.valueSchema().getField("image").schema();
        assertEquals(imageInQuestion, imageInRequest);
        assertEquals(imageInQuestion, imageInLabel);
        assertEquals(Topics.QUESTIONS.valueSchema(),
                Topics.INFERENCE_TASKS.valueSchema().getField("question").schema());
    }

    private static void assertDocumented(String doc, String what) {
        assertNotNull(doc, what + " has no doc");
        assertFalse(doc.isBlank(), what + " has a blank doc");
    }

    private static Set<Schema> namedTypesOfAllTopics() {
        Set<Schema> named = new HashSet<>();
        for (Topic<String, ?> topic : Topics.all()) {
            collectNamed(topic.valueSchema(), named);
        }
        return named;
    }

    private static void collectNamed(Schema schema, Set<Schema> named) {
        switch (schema.getType()) {
            case RECORD -> {
                if (named.add(schema)) {
                    schema.getFields().forEach(field -> collectNamed(field.schema(), named));
                }
            }
            case ENUM, FIXED -> named.add(schema);
            case UNION -> schema.getTypes().forEach(branch -> collectNamed(branch, named));
            case ARRAY -> collectNamed(schema.getElementType(), named);
            case MAP -> collectNamed(schema.getValueType(), named);
            default -> { }
        }
    }
}
