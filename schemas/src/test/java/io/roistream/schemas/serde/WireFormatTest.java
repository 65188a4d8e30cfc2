package io.roistream.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void headerIsMagicZeroThenBigEndianId() {
        assertArrayEquals(new byte[] {0, 0x01, 0x02, 0x03, 0x04}, WireFormat.header(0x01020304));
        assertEquals(0x01020304, WireFormat.schemaId(new byte[] {0, 0x01, 0x02, 0x03, 0x04, 42}));
        assertEquals(-2, WireFormat.schemaId(WireFormat.header(-2)));
    }

    @Test
    void wrongMagicByteIsNamed() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> WireFormat.schemaId(new byte[] {0x7b, 0, 0, 0, 1, 2}));
        assertTrue(error.getMessage().contains("magic byte 0x7b"), error.getMessage());
    }

    @Test
    void shortRecordIsNamed() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> WireFormat.schemaId(new byte[] {0, 0, 1}));
        assertTrue(error.getMessage().contains("3 bytes"), error.getMessage());
    }
}
