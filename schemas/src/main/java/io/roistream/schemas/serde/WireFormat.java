package io.roistream.schemas.serde;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: byte 0 is the magic byte 0, bytes 1-4 the schema id (big-endian
 * int32), then the Avro binary body.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** Returns the 5-byte header for a schema id. */
    static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /**
     * Reads the schema id from the header of a serialized record.
     *
     * @throws IllegalArgumentException when the record is too short or does not start with the
     *                                  magic byte
     */
    static int schemaId(byte[] record) {
        if (record.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("record of " + record.length
                    + " bytes is shorter than the 5-byte Confluent wire-format header (magic byte + schema id)");
        }
        if (record[0] != MAGIC_BYTE) {
            throw new IllegalArgumentException(String.format(
                    "unknown magic byte 0x%02x: Confluent wire-format records start with 0x00", record[0] & 0xff));
        }
        return ByteBuffer.wrap(record, 1, 4).getInt();
    }
}
