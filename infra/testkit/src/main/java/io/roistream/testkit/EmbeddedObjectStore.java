package io.roistream.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/** S3Proxy inside the test JVM, on an in-memory store and a free port of 127.0.0.1. */
final class EmbeddedObjectStore implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final S3Proxy proxy;

    private EmbeddedObjectStore(S3Proxy proxy) {
        this.proxy = proxy;
    }

    /** Starts the server and waits until it listens. */
    static EmbeddedObjectStore start(String accessKey, String secretKey) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("transient", new Properties()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("S3Proxy did not start within " + START_TIMEOUT + ": " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return new EmbeddedObjectStore(proxy);
    }

    /** The S3 endpoint, {@code http://127.0.0.1:PORT}. */
    String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
