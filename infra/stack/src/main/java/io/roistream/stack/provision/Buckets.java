package io.roistream.stack.provision;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.roistream.stack.StackException;
import java.util.List;

/** Creates S3 buckets with the MinIO client, leaving buckets that already exist as they are. */
public final class Buckets {

    private static final String REGION = "us-east-1";

    private Buckets() {}

    /** Creates each bucket that does not exist yet. */
    public static void ensure(String endpoint, String accessKey, String secretKey, List<String> buckets) {
        if (buckets.isEmpty()) {
            return;
        }
        try (MinioClient client = MinioClient.builder()
                .endpoint(endpoint)
                .region(REGION)
                .credentials(accessKey, secretKey)
                .build()) {
            for (String bucket : buckets) {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                }
            }
        } catch (Exception e) {
            throw new StackException("Cannot create buckets " + buckets + " at " + endpoint + ": " + e.getMessage(), e);
        }
    }
}
