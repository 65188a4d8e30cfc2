package io.roistream.runtime.images;

import io.roistream.events.ImageRef;
import io.roistream.runtime.objectstore.ObjectInfo;
import io.roistream.runtime.objectstore.ObjectNotFoundException;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectTooLargeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Safe image intake: fetches the bytes an {@link ImageRef} points to (from the object store or
 * inline), enforces the size limits, verifies the SHA-256 when one is given, then reads only the
 * header (format, width, height) and checks it against the pixel limits BEFORE anything is decoded,
 * so that a small file claiming a huge image (a decompression bomb) costs nothing.
 *
 * <p>Every refusal is an {@link ImageRejectedException} with a {@link RejectionReason}; object-store
 * outages are not refusals and surface as the store's (transient) exceptions.
 */
public final class ImageIntake {

    private final ObjectStore store;
    private final ImageLimits limits;

    /** Intake reading stored images from {@code store} (which the caller keeps and closes). */
    public ImageIntake(ObjectStore store, ImageLimits limits) {
        this.store = Objects.requireNonNull(store, "store");
        this.limits = limits;
    }

    private ImageIntake(ImageLimits limits) {
        this.store = null;
        this.limits = limits;
    }

    /** Intake of inline images only: a reference by URI fails with an {@link IllegalStateException}. */
    public static ImageIntake inlineOnly(ImageLimits limits) {
        return new ImageIntake(limits);
    }

    /** Fetches and checks the image {@code ref} points to; does not decode it. */
    public CheckedImage check(ImageRef ref) {
        boolean hasUri = ref.getUri() != null;
        boolean hasInline = ref.getInlineBytes() != null;
        if (hasUri == hasInline) {
            throw new ImageRejectedException(RejectionReason.NO_SINGLE_SOURCE,
                    hasUri ? "both uri and inlineBytes are set" : "neither uri nor inlineBytes is set");
        }
        byte[] bytes = hasUri ? fetch(ref.getUri()) : inline(ref.getInlineBytes());
        CheckedImage image = checkBytes(bytes, ref.getSha256());
        if (ref.getWidth() != null && ref.getWidth() != image.width()
                || ref.getHeight() != null && ref.getHeight() != image.height()) {
            throw new ImageRejectedException(RejectionReason.SIZE_MISMATCH, "the reference says " + ref.getWidth() + "x"
                    + ref.getHeight() + ", the header " + image.width() + "x" + image.height());
        }
        return image;
    }

    /** Checks encoded bytes: SHA-256 when {@code expectedSha256} is not null, then the header. */
    public CheckedImage checkBytes(byte[] bytes, String expectedSha256) {
        if (bytes.length == 0) {
            throw new ImageRejectedException(RejectionReason.EMPTY, "0 bytes");
        }
        String sha256 = sha256(bytes);
        if (expectedSha256 != null && !expectedSha256.toLowerCase(Locale.ROOT).equals(sha256)) {
            throw new ImageRejectedException(RejectionReason.CHECKSUM_MISMATCH,
                    "expected sha256 " + expectedSha256 + ", the bytes have " + sha256);
        }
        try (ImageInputStream in = InMemoryImages.stream(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageRejectedException(RejectionReason.NOT_AN_IMAGE,
                        bytes.length + " bytes that no image reader recognises, starting " + preview(bytes));
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!limits.formats().contains(format)) {
                    throw new ImageRejectedException(RejectionReason.UNSUPPORTED_FORMAT,
                            format + " is not one of " + limits.formats());
                }
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                checkSize(width, height);
                return new CheckedImage(bytes, format, width, height, sha256);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageRejectedException rejected) {
                throw rejected;
            }
            throw new ImageRejectedException(RejectionReason.BAD_HEADER, "unreadable image header: " + e, e);
        }
    }

    private void checkSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException(RejectionReason.BAD_HEADER, "the header claims " + width + "x" + height);
        }
        long pixels = (long) width * height;
        if (width > limits.maxSide() || height > limits.maxSide() || pixels > limits.maxPixels()) {
            throw new ImageRejectedException(RejectionReason.TOO_MANY_PIXELS, "the header claims " + width + "x" + height
                    + " (" + pixels + " pixels); limits are " + limits.maxPixels() + " pixels and " + limits.maxSide()
                    + " per side");
        }
    }

    private byte[] fetch(String uri) {
        if (store == null) {
            throw new IllegalStateException("Image " + uri + " is stored by reference but this intake has no object store");
        }
        ObjectRef ref;
        try {
            ref = ObjectRef.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new ImageRejectedException(RejectionReason.INVALID_URI, e.getMessage(), e);
        }
        try {
            ObjectInfo info = store.stat(ref);
            if (info.size() > limits.maxObjectBytes()) {
                throw new ImageRejectedException(RejectionReason.OBJECT_TOO_LARGE, ref + " is " + info.size()
                        + " bytes, over the limit of " + limits.maxObjectBytes());
            }
            return store.getBytes(ref, limits.maxObjectBytes());
        } catch (ObjectNotFoundException e) {
            throw new ImageRejectedException(RejectionReason.OBJECT_MISSING, e.getMessage(), e);
        } catch (ObjectTooLargeException e) {
            throw new ImageRejectedException(RejectionReason.OBJECT_TOO_LARGE, e.getMessage(), e);
        }
    }

    private byte[] inline(ByteBuffer buffer) {
        if (buffer.remaining() > limits.maxInlineBytes()) {
            throw new ImageRejectedException(RejectionReason.INLINE_TOO_LARGE, buffer.remaining()
                    + " inline bytes, over the limit of " + limits.maxInlineBytes());
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    private static String preview(byte[] bytes) {
        int n = Math.min(8, bytes.length);
        byte[] head = new byte[n];
        System.arraycopy(bytes, 0, head, 0, n);
        return HexFormat.ofDelimiter(" ").formatHex(head);
    }
}
