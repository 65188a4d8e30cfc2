package io.roistream.stack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * A file holding the pid of a process this stack started. A pid only counts as ours while the
 * process behind it is alive and its command line still carries every expected marker argument
 * (pids get reused), so a stale file never leads to stopping a stranger.
 *
 * @param path the file
 */
public record PidFile(Path path) {

    /** Writes the pid, replacing the file atomically. */
    public void write(long pid) {
        try {
            Files.createDirectories(path.getParent());
            Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
            Files.writeString(tmp, Long.toString(pid) + System.lineSeparator());
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write pid file " + path, e);
        }
    }

    /** The recorded pid, if the file exists and holds one. */
    public Optional<Long> read() {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(path).strip();
            return text.matches("\\d+") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read pid file " + path, e);
        }
    }

    /**
     * The live process recorded here whose arguments include every one of {@code markers}; empty if
     * there is no file, the process is gone, or the pid now belongs to another program.
     */
    public Optional<ProcessHandle> liveProcess(List<String> markers) {
        return read().flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> carriesMarkers(handle, markers));
    }

    /** Deletes the file if it exists. */
    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete pid file " + path, e);
        }
    }

    /** Whether the process's command line carries every marker argument. */
    public static boolean carriesMarkers(ProcessHandle handle, List<String> markers) {
        return arguments(handle).containsAll(markers);
    }

    /**
     * The full argument list of a process. On Linux it comes from {@code /proc/<pid>/cmdline},
     * because {@link ProcessHandle.Info#arguments()} gives up on command lines over 4 KiB (such as
     * the broker's, with its long classpath).
     */
    static List<String> arguments(ProcessHandle handle) {
        Path cmdline = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
        if (Files.isReadable(cmdline)) {
            try {
                return List.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
            } catch (IOException e) {
                return List.of(); // the process exited meanwhile
            }
        }
        return handle.info().arguments().map(List::of).orElse(List.of());
    }
}
