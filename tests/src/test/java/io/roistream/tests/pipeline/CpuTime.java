package io.roistream.tests.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time used so far, in seconds: by one child process (a worker; 0 when there is none), by this
 * JVM (the embedded broker and object store, the test's clients, a bare loop's model), and by the
 * whole machine (Linux {@code /proc/stat}: user, nice, system, irq, softirq and steal time of every
 * CPU; NaN elsewhere). Subtracting two samples gives the CPU a measured window cost.
 */
record CpuTime(double child, double thisJvm, double machine) {

    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    /** Now, with {@code childPid}'s CPU time (a pid of 0: no child). */
    static CpuTime now(long childPid) {
        double child = childPid == 0 ? 0 : ProcessHandle.of(childPid)
                .flatMap(process -> process.info().totalCpuDuration())
                .map(Duration::toNanos).orElse(0L) / 1e9;
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        return new CpuTime(child, jvm, machineBusySeconds());
    }

    /** The CPU used between {@code earlier} and this sample. */
    CpuTime since(CpuTime earlier) {
        return new CpuTime(child - earlier.child, thisJvm - earlier.thisJvm, machine - earlier.machine);
    }

    /** The CPU of this window and {@code next} together. */
    CpuTime plus(CpuTime next) {
        return new CpuTime(child + next.child, thisJvm + next.thisJvm, machine + next.machine);
    }

    private static double machineBusySeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
