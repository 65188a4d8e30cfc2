package io.roistream.model.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class MapsCodecTest {

    private static StoredMaps sample(int height, int width) {
        float[] g = new float[height * width];
        float[] s = new float[height * width];
        for (int i = 0; i < g.length; i++) {
            g[i] = i * 0.001f;
            s[i] = (g.length - i) * 1e-5f;
        }
        g[0] = Float.MIN_VALUE;
        s[s.length - 1] = -0f;
        return new StoredMaps("tiny-vlm-v1 \u00e9", new AttentionMaps(height, width, g, s));
    }

    @Test
    void roundTripsExactlyOnSeveralGrids() throws MapsFormatException {
        for (int[] grid : new int[][] {{12, 12}, {24, 24}, {3, 7}, {1, 1}}) {
            StoredMaps stored = sample(grid[0], grid[1]);
            StoredMaps back = MapsCodec.decode(MapsCodec.encode(stored));
            assertEquals(stored, back);
            assertArrayEquals(stored.maps().sink(), back.maps().sink());
        }
    }

    @Test
    void layoutIsTheDocumentedBigEndianOne() {
        byte[] bytes = MapsCodec.encode(new StoredMaps("ab", new AttentionMaps(1, 2, new float[] {1f, 2f}, new float[] {3f, 4f})));
        assertEquals(8 + 2 + 8 + 16 + 4, bytes.length);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        assertEquals(0x52534D50, in.getInt());
        assertEquals(1, in.getShort());
        assertEquals(2, in.getShort());
        assertEquals('a', in.get());
        assertEquals('b', in.get());
        assertEquals(1, in.getInt());
        assertEquals(2, in.getInt());
        assertEquals(1f, in.getFloat());
        assertEquals(2f, in.getFloat());
        assertEquals(3f, in.getFloat());
        assertEquals(4f, in.getFloat());
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        assertEquals((int) crc.getValue(), in.getInt());
        assertEquals(4644, MapsCodec.encode(new StoredMaps("0123456789abcdef",
            new AttentionMaps(24, 24, new float[576], new float[576]))).length);
    }

    @Test
    void rejectsBadMagic() {
        byte[] bytes = MapsCodec.encode(sample(12, 12));
        bytes[0] = 'X';
        assertMessage(bytes, "magic");
    }

    @Test
    void rejectsUnknownVersion() {
        byte[] bytes = MapsCodec.encode(sample(12, 12));
        bytes[5] = 2;
        assertMessage(bytes, "version 2");
    }

    @Test
    void rejectsTruncatedData() {
        byte[] bytes = MapsCodec.encode(sample(12, 12));
        assertMessage(Arrays.copyOf(bytes, bytes.length - 1), "truncated");
        assertMessage(Arrays.copyOf(bytes, 10), "truncated");
        assertMessage(new byte[0], "truncated");
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] bytes = MapsCodec.encode(sample(12, 12));
        assertMessage(Arrays.copyOf(bytes, bytes.length + 3), "trailing");
    }

    @Test
    void rejectsCorruptData() {
        byte[] bytes = MapsCodec.encode(sample(12, 12));
        bytes[100] ^= 0x10;
        assertMessage(bytes, "corrupt");
    }

    @Test
    void rejectsImpossibleGridSizes() {
        byte[] bytes = MapsCodec.encode(sample(12, 12));
        int heightAt = 8 + "tiny-vlm-v1 \u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        ByteBuffer.wrap(bytes).putInt(heightAt, 0);
        assertMessage(bytes, "grid 0x12");
    }

    private static void assertMessage(byte[] bytes, String expected) {
        MapsFormatException error = assertThrows(MapsFormatException.class, () -> MapsCodec.decode(bytes));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }
}
