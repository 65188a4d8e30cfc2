package io.roistream.runtime.objectstore;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The location of one object: a bucket and a key, written {@code s3://bucket/key}.
 * Bucket names follow S3's rules (3 to 63 lower-case letters, digits, dots and dashes, starting and
 * ending with a letter or digit); keys are 1 to 1024 bytes of UTF-8 without control characters and
 * without a leading slash.
 *
 * @param bucket the bucket name
 * @param key the object key within the bucket, e.g. {@code cub/0001.png}
 */
public record ObjectRef(String bucket, String key) {

    /** The URI scheme of object references. */
    public static final String SCHEME = "s3://";

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final int MAX_KEY_BYTES = 1024;

    /** Validates bucket and key; throws {@link IllegalArgumentException} saying what is wrong. */
    public ObjectRef {
        validateBucket(bucket);
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("Object key is empty (bucket " + bucket + ")");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("Object key '" + key + "' starts with '/'");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("Object key is longer than " + MAX_KEY_BYTES + " bytes: " + key);
        }
        if (CONTROL.matcher(key).find()) {
            throw new IllegalArgumentException("Object key contains a control character: " + key.replaceAll("\\p{Cntrl}", "?"));
        }
    }

    /** Parses {@code s3://bucket/key}; throws {@link IllegalArgumentException} naming the problem. */
    public static ObjectRef parse(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            throw new IllegalArgumentException("Not an s3:// object URI: " + uri);
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("Object URI has no key after the bucket: " + uri);
        }
        return new ObjectRef(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** Checks an S3 bucket name; throws {@link IllegalArgumentException} when it breaks the rules. */
    public static void validateBucket(String bucket) {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("Invalid bucket name '" + bucket
                    + "': 3 to 63 lower-case letters, digits, dots or dashes, starting and ending with a letter or digit");
        }
    }

    /** The reference {@code other} within the same bucket. */
    public ObjectRef sibling(String otherKey) {
        return new ObjectRef(bucket, otherKey);
    }

    /** The URI {@code s3://bucket/key}. */
    public String format() {
        return SCHEME + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return format();
    }
}
