package io.roistream.coordinator;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DistributionDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/** Reads values out of the coordinator's metrics registry, as a scrape would see them. */
public final class MetricValues {

    private MetricValues() {
    }

    /** The counter {@code name} (without {@code _total}) of the series whose labels include {@code label=value}, 0 if none. */
    public static double counter(CoordinatorMetrics metrics, String name, String label, String value) {
        return points(metrics, name).stream().filter(point -> value.equals(point.getLabels().get(label)))
                .mapToDouble(point -> ((CounterSnapshot.CounterDataPointSnapshot) point).getValue()).sum();
    }

    /** The counter {@code name} summed over all its series. */
    public static double counter(CoordinatorMetrics metrics, String name) {
        return points(metrics, name).stream()
                .mapToDouble(point -> ((CounterSnapshot.CounterDataPointSnapshot) point).getValue()).sum();
    }

    /** The number of observations of histogram {@code name} with {@code label=value}. */
    public static long histogramCount(CoordinatorMetrics metrics, String name, String label, String value) {
        return points(metrics, name).stream().filter(point -> value.equals(point.getLabels().get(label)))
                .mapToLong(point -> ((DistributionDataPointSnapshot) point).getCount()).sum();
    }

    /** The sum of observations of histogram {@code name} with {@code label=value}. */
    public static double histogramSum(CoordinatorMetrics metrics, String name, String label, String value) {
        return points(metrics, name).stream().filter(point -> value.equals(point.getLabels().get(label)))
                .mapToDouble(point -> ((DistributionDataPointSnapshot) point).getSum()).sum();
    }

    private static List<? extends DataPointSnapshot> points(CoordinatorMetrics metrics, String name) {
        for (MetricSnapshot snapshot : metrics.registry().scrape()) {
            if (snapshot.getMetadata().getName().equals(name)) {
                return snapshot.getDataPoints();
            }
        }
        return List.of();
    }
}
