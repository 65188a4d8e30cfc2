package io.roistream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.events.AnswerMode;
import io.roistream.events.LatencyBreakdown;
import io.roistream.events.RoiAnswer;
import io.roistream.model.data.QuestionKind;
import io.roistream.model.data.VqaSample;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoReportTest {

    @Test
    void scoresAnswersByKindIgnoringCaseAndCountsMissingOnesWrong() {
        Map<String, VqaSample> asked = new LinkedHashMap<>();
        asked.put("q1", sample("7", QuestionKind.FINE));
        asked.put("q2", sample("3", QuestionKind.FINE));
        asked.put("q3", sample("red", QuestionKind.COARSE));
        asked.put("q4", sample("circle", QuestionKind.COARSE));
        Map<String, RoiAnswer> answers = new LinkedHashMap<>();
        answers.put("q1", answer("q1", "7", AnswerMode.RPN, 100));
        answers.put("q2", answer("q2", "8", AnswerMode.FALLBACK, 200));
        answers.put("q3", answer("q3", " Red ", AnswerMode.RPN, 300));
        DemoReport.Pass pass = new DemoReport.Pass("RoI", asked, answers, 2.0);

        assertEquals(50.0, pass.accuracy(QuestionKind.FINE));
        assertEquals(50.0, pass.accuracy(QuestionKind.COARSE));
        assertEquals("FALLBACK 1, RPN 2", pass.modes());
        assertEquals(200.0, pass.mean(LatencyBreakdown::getTotalMs));
        assertEquals(300.0, pass.p95(LatencyBreakdown::getTotalMs));
    }

    @Test
    void p95IsTheNearestRankOfTheSortedLatencies() {
        Map<String, VqaSample> asked = new LinkedHashMap<>();
        Map<String, RoiAnswer> answers = new LinkedHashMap<>();
        for (int i = 1; i <= 40; i++) {
            asked.put("q" + i, sample("1", QuestionKind.FINE));
            answers.put("q" + i, answer("q" + i, "1", AnswerMode.OFF, 41 - i));
        }
        DemoReport.Pass pass = new DemoReport.Pass("plain", asked, answers, 1.0);
        assertEquals(38.0, pass.p95(LatencyBreakdown::getTotalMs));
    }

    @Test
    void printsBothPassesSideBySide() {
        Map<String, VqaSample> asked = Map.of("q1", sample("7", QuestionKind.FINE));
        DemoReport.Pass plain = new DemoReport.Pass("plain (OFF)", asked,
                Map.of("q1", answer("q1", "1", AnswerMode.OFF, 50)), 1.0);
        DemoReport.Pass roi = new DemoReport.Pass("RoI (AUTO)", asked,
                Map.of("q1", answer("q1", "7", AnswerMode.RPN, 80)), 1.0);
        StringWriter text = new StringWriter();
        DemoReport.print(new PrintWriter(text, true), plain, roi);
        String table = text.toString();
        String fine = table.lines().filter(line -> line.startsWith("accuracy fine")).findFirst().orElseThrow();
        assertTrue(fine.matches("accuracy fine\\s+0\\.0% of 1\\s+100\\.0% of 1\\s*"), fine);
        assertTrue(table.contains("OFF 1"), table);
        assertTrue(table.contains("RPN 1"), table);
    }

    private static VqaSample sample(String answer, QuestionKind kind) {
        return new VqaSample("img", "what?", answer, kind, "label", null, -1);
    }

    private static RoiAnswer answer(String questionId, String text, AnswerMode mode, double totalMs) {
        return RoiAnswer.newBuilder().setQuestionId(questionId).setAnswer(text).setBoxes(List.of()).setMode(mode)
                .setCheckpointVersion(null).setBackboneId("b")
                .setLatency(LatencyBreakdown.newBuilder().setQueueMs(0).setRpnMs(0).setCropEncodeMs(0).setAnswerMs(0)
                        .setTotalMs(totalMs).build())
                .setOverlayUri(null).setCreatedAt(Instant.now()).build();
    }
}
