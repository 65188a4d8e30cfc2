package io.roistream.tests.pipeline;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PageFaultsTest {

    private static final int MIB = 1024 * 1024;

    @BeforeAll
    static void linuxOnly() {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "page faults are read from Linux's /proc");
    }

    @Test
    void memoryFirstTouchedByAThreadIsCountedAsItsMinorFaults() {
        PageFaults before = PageFaults.ofThisThread();
        ByteBuffer fresh = ByteBuffer.allocateDirect(32 * MIB); // zeroed by this thread: every page touched
        PageFaults taken = PageFaults.ofThisThread().since(before);
        Reference.reachabilityFence(fresh);
        assertTrue(taken.minor() >= 32 * MIB / 4096 / 2, "minor faults for 32 MiB of fresh pages: " + taken);
    }

    @Test
    void anotherThreadOfAProcessIsFoundByItsName() throws Exception {
        CountDownLatch touched = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<PageFaults> ownCount = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            ByteBuffer fresh = ByteBuffer.allocateDirect(16 * MIB);
            ownCount.set(PageFaults.ofThisThread());
            touched.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Reference.reachabilityFence(fresh); // its pages stay the thread's until it was looked at
        }, "bench-model-thread-with-a-long-name");
        thread.start();
        try {
            touched.await();
            PageFaults seen = PageFaults.ofThread(ProcessHandle.current().pid(), thread.getName());
            assertTrue(seen.minor() >= ownCount.get().minor() && seen.minor() >= 16 * MIB / 4096 / 2,
                    "the named thread's faults, as it counted them itself: " + ownCount.get() + ", seen: " + seen);
        } finally {
            done.countDown();
            thread.join();
        }
        assertThrows(IllegalStateException.class,
                () -> PageFaults.ofThread(ProcessHandle.current().pid(), "no-such-thread"));
    }
}
