package io.roistream.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;

/** Edits of an Avro schema's JSON, to build evolved and breaking variants of the contracts. */
final class SchemaEdits {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaEdits() {
    }

    /** {@code record} with one more top-level field, given as JSON. */
    static Schema withField(Schema record, String fieldJson) {
        ObjectNode root = tree(record);
        ((ArrayNode) root.get("fields")).add(parse(fieldJson));
        return new Schema.Parser().parse(root.toString());
    }

    /** {@code record} without one of its top-level fields. */
    static Schema withoutField(Schema record, String fieldName) {
        ObjectNode root = tree(record);
        ArrayNode fields = (ArrayNode) root.get("fields");
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).path("name").asText().equals(fieldName)) {
                fields.remove(i);
                return new Schema.Parser().parse(root.toString());
            }
        }
        throw new IllegalArgumentException(record.getFullName() + " has no field " + fieldName);
    }

    /** {@code schema} with a symbol added to the enum named {@code enumName}, wherever it is defined. */
    static Schema withEnumSymbol(Schema schema, String enumName, String symbol) {
        ObjectNode root = tree(schema);
        ((ArrayNode) enumDefinition(root, enumName, schema).get("symbols")).add(symbol);
        return new Schema.Parser().parse(root.toString());
    }

    /** {@code schema} with a symbol removed from the enum named {@code enumName}, wherever it is defined. */
    static Schema withoutEnumSymbol(Schema schema, String enumName, String symbol) {
        ObjectNode root = tree(schema);
        ArrayNode symbols = (ArrayNode) enumDefinition(root, enumName, schema).get("symbols");
        for (int i = 0; i < symbols.size(); i++) {
            if (symbols.get(i).asText().equals(symbol)) {
                symbols.remove(i);
                return new Schema.Parser().parse(root.toString());
            }
        }
        throw new IllegalArgumentException("enum " + enumName + " has no symbol " + symbol);
    }

    private static ObjectNode enumDefinition(ObjectNode root, String enumName, Schema schema) {
        ObjectNode definition = findDefinition(root, enumName);
        if (definition == null) {
            throw new IllegalArgumentException("no enum " + enumName + " in " + schema.getFullName());
        }
        return definition;
    }

    private static ObjectNode findDefinition(JsonNode node, String name) {
        if (node.isObject() && name.equals(node.path("name").asText()) && node.has("type")
                && "enum".equals(node.get("type").asText())) {
            return (ObjectNode) node;
        }
        for (JsonNode child : node) {
            ObjectNode found = findDefinition(child, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static ObjectNode tree(Schema schema) {
        return (ObjectNode) parse(schema.toString());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }
}
