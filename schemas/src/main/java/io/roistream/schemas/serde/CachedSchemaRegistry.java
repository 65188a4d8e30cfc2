package io.roistream.schemas.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * Schema ids and schemas, cached both ways in front of a {@link RegistryRestClient}: a schema is
 * registered (or looked up) once per subject, and an id is fetched once.
 */
final class CachedSchemaRegistry {

    private final RegistryRestClient rest;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    CachedSchemaRegistry(RegistryRestClient rest) {
        this.rest = rest;
    }

    /** Returns the id of a schema under a subject, registering it when {@code register} is set. */
    int idOf(String subject, Schema schema, boolean register) {
        Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, unused -> new ConcurrentHashMap<>());
        Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        String text = schema.toString();
        int id = register ? rest.register(subject, text) : rest.lookup(subject, text);
        ids.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /** Returns the schema registered with an id. */
    Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String text = rest.schemaById(id);
        Schema schema;
        try {
            // defaults are not validated: a schema the registry accepted is read as Confluent's clients
            // read it, and an invalid default matters only to readers that need it
            schema = new Schema.Parser().setValidateDefaults(false).parse(text);
        } catch (AvroRuntimeException e) {
            throw RegistryException.invalidSchema("schema id " + id + " is not an Avro schema this client can"
                    + " read (schema references and non-Avro schemas are not supported): " + e.getMessage(), e);
        }
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced == null ? schema : raced;
    }
}
