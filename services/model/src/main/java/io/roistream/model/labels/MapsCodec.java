package io.roistream.model.labels;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The binary format of one sample's stored maps ({@code labels/<backbone>/<sample>.maps}).
 *
 * <p>Version 1, every number big-endian (network order):
 * <pre>
 * offset      size       field
 * 0           4          magic "RSMP" (0x52 0x53 0x4D 0x50)
 * 4           2          format version, unsigned (1)
 * 6           2          n = length of the backbone id in bytes, unsigned (1..{@value #MAX_ID_BYTES})
 * 8           n          backbone id, UTF-8
 * 8+n         4          grid height h, int32 (1..{@value Grids#MAX_SIDE})
 * 12+n        4          grid width w, int32 (1..{@value Grids#MAX_SIDE})
 * 16+n        4*h*w      grounding map g, IEEE-754 float32, row-major
 * 16+n+4hw    4*h*w      sink map s, IEEE-754 float32, row-major
 * 16+n+8hw    4          CRC-32 (java.util.zip.CRC32, as in zip/PNG) of every byte before it
 * </pre>
 * Nothing may follow. A 24x24 grid with a 16-byte id takes 4,644 bytes; 12x12, 1,188 bytes.
 * Reading checks, in order: magic, version, header completeness, total length, checksum; each
 * failure is a {@link MapsFormatException} saying which.
 */
public final class MapsCodec {

    /** The four magic bytes, "RSMP". */
    public static final int MAGIC = 0x52534D50;
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;
    /** Longest backbone id in UTF-8 bytes. */
    public static final int MAX_ID_BYTES = 1024;

    private static final int FIXED_HEADER = 8;
    private static final int GRID_FIELDS = 8;
    private static final int CHECKSUM = 4;

    private MapsCodec() {
    }

    /** The bytes of one sample's maps. */
    public static byte[] encode(StoredMaps stored) {
        byte[] id = stored.backboneId().getBytes(StandardCharsets.UTF_8);
        if (id.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("backbone id is " + id.length + " bytes in UTF-8, at most " + MAX_ID_BYTES);
        }
        AttentionMaps maps = stored.maps();
        int body = FIXED_HEADER + id.length + GRID_FIELDS + 8 * maps.cells();
        ByteBuffer out = ByteBuffer.allocate(body + CHECKSUM).order(ByteOrder.BIG_ENDIAN);
        out.putInt(MAGIC).putShort((short) VERSION).putShort((short) id.length).put(id);
        out.putInt(maps.height()).putInt(maps.width());
        for (float v : maps.grounding()) {
            out.putFloat(v);
        }
        for (float v : maps.sink()) {
            out.putFloat(v);
        }
        out.putInt((int) crc(out.array(), body));
        return out.array();
    }

    /**
     * Reads one sample's maps.
     *
     * @throws MapsFormatException on a wrong magic, an unknown version, truncated or trailing data,
     *     bad sizes, a non-UTF-8 id or a checksum mismatch
     */
    public static StoredMaps decode(byte[] bytes) throws MapsFormatException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        try {
            int magic = in.getInt();
            if (magic != MAGIC) {
                throw new MapsFormatException(String.format("not a maps file: magic 0x%08X, expected 0x%08X (\"RSMP\")",
                    magic, MAGIC));
            }
            int version = Short.toUnsignedInt(in.getShort());
            if (version != VERSION) {
                throw new MapsFormatException("unsupported maps format version " + version + " (this reader knows "
                    + VERSION + ")");
            }
            int idLength = Short.toUnsignedInt(in.getShort());
            if (idLength < 1 || idLength > MAX_ID_BYTES) {
                throw new MapsFormatException("backbone id length " + idLength + " is outside 1.." + MAX_ID_BYTES);
            }
            byte[] id = new byte[idLength];
            in.get(id);
            int height = in.getInt();
            int width = in.getInt();
            if (height < 1 || width < 1 || height > Grids.MAX_SIDE || width > Grids.MAX_SIDE) {
                throw new MapsFormatException("grid " + height + "x" + width + " is outside 1.." + Grids.MAX_SIDE + " a side");
            }
            int cells = height * width;
            int body = FIXED_HEADER + idLength + GRID_FIELDS + 8 * cells;
            if (bytes.length < body + CHECKSUM) {
                throw new MapsFormatException("truncated maps data: a " + height + "x" + width + " grid needs "
                    + (body + CHECKSUM) + " bytes, got " + bytes.length);
            }
            if (bytes.length > body + CHECKSUM) {
                throw new MapsFormatException((bytes.length - body - CHECKSUM) + " unexpected trailing bytes after the maps");
            }
            long stored = Integer.toUnsignedLong(ByteBuffer.wrap(bytes, body, CHECKSUM).order(ByteOrder.BIG_ENDIAN).getInt());
            long actual = crc(bytes, body);
            if (stored != actual) {
                throw new MapsFormatException(String.format("maps data is corrupt: CRC-32 0x%08X, stored 0x%08X", actual, stored));
            }
            float[] g = readFloats(in, cells);
            float[] s = readFloats(in, cells);
            String backboneId = utf8(id);
            if (backboneId.isBlank()) {
                throw new MapsFormatException("backbone id is blank");
            }
            return new StoredMaps(backboneId, new AttentionMaps(height, width, g, s));
        } catch (BufferUnderflowException e) {
            throw truncatedHeader(bytes.length, e);
        }
    }

    private static MapsFormatException truncatedHeader(int length, BufferUnderflowException cause) {
        return new MapsFormatException("truncated maps data: the header is incomplete (" + length + " bytes)", cause);
    }

    private static float[] readFloats(ByteBuffer in, int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = in.getFloat();
        }
        return out;
    }

    private static String utf8(byte[] id) throws MapsFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(id))
                .toString();
        } catch (CharacterCodingException e) {
            throw new MapsFormatException("backbone id is not valid UTF-8", e);
        }
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }
}
