package io.roistream.tests.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Page faults one thread has taken so far, from Linux's {@code /proc/.../stat} (fields 10 and 12):
 * minor (a page mapped without reading a disk: memory the allocator had handed back to the system,
 * touched again) and major (read from disk: code or files the kernel had dropped). Subtracting two
 * samples gives the faults a measured window cost. Both are 0 where there is no {@code /proc}.
 */
record PageFaults(long minor, long major) {

    /** Linux shows at most this many characters of a thread's name. */
    private static final int THREAD_NAME_CHARS = 15;

    /** The calling thread's faults. */
    static PageFaults ofThisThread() {
        return read(Path.of("/proc/thread-self/stat"));
    }

    /** The faults of process {@code pid}'s thread named {@code threadName} (the first one so named). */
    static PageFaults ofThread(long pid, String threadName) {
        String shown = threadName.substring(0, Math.min(THREAD_NAME_CHARS, threadName.length()));
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return new PageFaults(0, 0);
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            Path thread = threads.filter(task -> shown.equals(name(task))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no thread " + shown + " in process " + pid));
            return read(thread.resolve("stat"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The faults between {@code earlier} and this sample. */
    PageFaults since(PageFaults earlier) {
        return new PageFaults(minor - earlier.minor, major - earlier.major);
    }

    /** The faults of this window and {@code next} together. */
    PageFaults plus(PageFaults next) {
        return new PageFaults(minor + next.minor, major + next.major);
    }

    private static String name(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static PageFaults read(Path stat) {
        if (!Files.exists(stat)) {
            return new PageFaults(0, 0);
        }
        try {
            String line = Files.readString(stat);
            // pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt ...; comm may hold spaces
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return new PageFaults(Long.parseLong(fields[7]), Long.parseLong(fields[9]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
