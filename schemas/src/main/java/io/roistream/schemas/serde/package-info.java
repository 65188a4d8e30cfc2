/**
 * Confluent-compatible Avro serialization: serializers, deserializers and Kafka Streams serdes
 * that write and read the Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro
 * binary) against any registry serving the Confluent REST API (Confluent Schema Registry,
 * Apicurio's {@code /apis/ccompat/v7}, Karapace), configured with Confluent's key names.
 */
package io.roistream.schemas.serde;
