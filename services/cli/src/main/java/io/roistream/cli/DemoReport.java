package io.roistream.cli;

import io.roistream.events.LatencyBreakdown;
import io.roistream.events.RoiAnswer;
import io.roistream.model.data.QuestionKind;
import io.roistream.model.data.VqaSample;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Scores the answers of the held-out questions, asked once plain (RoI mode OFF) and once with
 * SD-RPN (AUTO), against the data set's answers, and prints the comparison table.
 */
final class DemoReport {

    /** The answers of one pass over the held-out questions, by question id, and how long the pass took. */
    record Pass(String name, Map<String, VqaSample> asked, Map<String, RoiAnswer> answers, double seconds) {

        double accuracy(QuestionKind kind) {
            long total = asked.values().stream().filter(sample -> sample.kind() == kind).count();
            long right = asked.entrySet().stream()
                    .filter(entry -> entry.getValue().kind() == kind)
                    .filter(entry -> correct(entry.getValue(), answers.get(entry.getKey())))
                    .count();
            return total == 0 ? Double.NaN : 100.0 * right / total;
        }

        long count(QuestionKind kind) {
            return asked.values().stream().filter(sample -> sample.kind() == kind).count();
        }

        String modes() {
            Map<String, Long> byMode = answers.values().stream()
                    .collect(Collectors.groupingBy(answer -> answer.getMode().name(), TreeMap::new, Collectors.counting()));
            return byMode.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue())
                    .collect(Collectors.joining(", "));
        }

        double mean(ToDoubleFunction<LatencyBreakdown> phase) {
            return answers.values().stream().mapToDouble(answer -> phase.applyAsDouble(answer.getLatency()))
                    .average().orElse(Double.NaN);
        }

        double p95(ToDoubleFunction<LatencyBreakdown> phase) {
            double[] values = answers.values().stream()
                    .mapToDouble(answer -> phase.applyAsDouble(answer.getLatency())).sorted().toArray();
            return values.length == 0 ? Double.NaN : values[Math.max(0, (int) Math.ceil(0.95 * values.length) - 1)];
        }

        private static boolean correct(VqaSample sample, RoiAnswer answer) {
            return answer != null && answer.getAnswer().trim().equalsIgnoreCase(sample.answer().trim());
        }
    }

    private DemoReport() {
    }

    static void print(PrintWriter out, Pass plain, Pass roi) {
        List<Pass> passes = List.of(plain, roi);
        out.printf("%n%-24s %-26s %-26s%n", "held-out questions", plain.name(), roi.name());
        row(out, "answered", passes, pass -> pass.answers().size() + "/" + pass.asked().size());
        row(out, "accuracy fine", passes, pass -> percent(pass.accuracy(QuestionKind.FINE))
                + " of " + pass.count(QuestionKind.FINE));
        row(out, "accuracy coarse", passes, pass -> percent(pass.accuracy(QuestionKind.COARSE))
                + " of " + pass.count(QuestionKind.COARSE));
        row(out, "answers by mode", passes, Pass::modes);
        row(out, "latency total mean/p95", passes, pass -> millis(pass.mean(LatencyBreakdown::getTotalMs))
                + " / " + millis(pass.p95(LatencyBreakdown::getTotalMs)));
        row(out, "  queue mean", passes, pass -> millis(pass.mean(LatencyBreakdown::getQueueMs)));
        row(out, "  rpn mean", passes, pass -> millis(pass.mean(LatencyBreakdown::getRpnMs)));
        row(out, "  crop+encode mean", passes, pass -> millis(pass.mean(LatencyBreakdown::getCropEncodeMs)));
        row(out, "  answer mean", passes, pass -> millis(pass.mean(LatencyBreakdown::getAnswerMs)));
        row(out, "pass wall time", passes, pass -> String.format(Locale.ROOT, "%.1f s (%.1f answers/s)",
                pass.seconds(), pass.answers().size() / pass.seconds()));
    }

    private static void row(PrintWriter out, String label, List<Pass> passes, Function<Pass, String> cell) {
        out.printf("%-24s %s%n", label, passes.stream()
                .map(pass -> String.format(Locale.ROOT, "%-26s", cell.apply(pass)))
                .collect(Collectors.joining(" ")));
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f%%", value);
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f ms", value);
    }
}
