package io.github.agieval.jmeter.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.it.JMeterSupport;
import io.github.agieval.jmeter.kpi.engine.KpiOutcome;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.engine.MutableClock;
import io.github.agieval.jmeter.kpi.engine.Verdict;
import io.github.agieval.jmeter.kpi.reports.ConsoleTable;

/** Poll count KPIs judged live from hand-built job samples (the Job Polling Controller's contract). */
class KpiListenerPollsTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final List<String> stops = new ArrayList<>();

    @BeforeEach
    void props() {
        JMeterSupport.init();
    }

    private KpiListener listener(String expressions) {
        KpiListener l = new KpiListener();
        l.setName("KPIs");
        l.setExpressions(expressions);
        l.setResultsDir(dir.toString());
        l.inject(clock, stops::add, true);
        return l;
    }

    /** A job sample as the controller writes it: outcome as code, " (polls=N)" message suffix, JSON body. */
    private static SampleEvent job(String label, long start, int polls, boolean suffix) {
        SampleResult r = new SampleResult();
        r.setSampleLabel(label);
        r.setStampAndTime(start, 800);
        r.setSuccessful(true);
        r.setResponseCode("SUCCEEDED");
        r.setResponseMessage("final status 'completed'" + (suffix ? " (polls=" + polls + ")" : ""));
        r.setResponseData("{\"job_id\":\"j-" + start + "\",\"outcome\":\"SUCCEEDED\",\"polls\":" + polls + "}",
                StandardCharsets.UTF_8.name());
        r.setThreadName("Users 1-1");
        r.setAllThreads(2);
        return new SampleEvent(r, "Users");
    }

    private static SampleEvent status(long start) {
        SampleResult r = new SampleResult();
        r.setSampleLabel("Job Status");
        r.setStampAndTime(start, 20);
        r.setSuccessful(true);
        r.setResponseCode("200");
        r.setResponseMessage("OK");
        // a status response that happens to carry the same fields is not a job sample
        r.setResponseData("{\"job_id\":\"j\",\"polls\":99}", StandardCharsets.UTF_8.name());
        r.setThreadName("Users 1-1");
        r.setAllThreads(2);
        return new SampleEvent(r, "Users");
    }

    @Test
    void shouldJudgePollsPerJobWhenJobSamplesCarryTheirPollCount() throws Exception {
        KpiListener l = listener("label=job Eval: polls.avg<4\nlabel=job Eval: polls.max<5\npolls.p(95)<10");
        l.testStarted();
        int[] polls = {2, 3, 4, 6};
        for (int i = 0; i < polls.length; i++) {
            // two written with the message suffix, two (an older controller) with the JSON body only
            l.sampleOccurred(job("job Eval", T0 + i * 100, polls[i], i % 2 == 0));
            l.sampleOccurred(status(T0 + i * 100 + 10));
        }
        clock.advance(1000);
        l.tick();
        l.testEnded();

        KpiRun run = l.lastRun();
        assertThat(run.outcomes).extracting(KpiOutcome::observed).containsExactly(3.75, 6.0, 6.0);
        assertThat(run.outcomes).extracting(KpiOutcome::verdict).containsExactly(Verdict.PASS, Verdict.FAIL,
                Verdict.PASS);
        assertThat(run.byLabel.get("Job Status").jobs()).isZero();

        JsonNode json = Json.parse(Files.readString(dir.resolve("kpi-report.json")));
        JsonNode p = json.at("/response_times/by_label/job Eval/polls");
        assertThat(p.get("jobs").asLong()).isEqualTo(4);
        assertThat(p.get("avg").asDouble()).isEqualTo(3.75);
        assertThat(p.get("max").asLong()).isEqualTo(6);
        assertThat(p.get("p95").asLong()).isEqualTo(6);
        assertThat(json.at("/response_times/by_label/Job Status/polls").isMissingNode()).isTrue();

        String html = Files.readString(dir.resolve("kpi-report.html"));
        assertThat(html).contains("<h2>Polls per job</h2>").contains("<td>job Eval</td><td>4</td>");
        String junit = Files.readString(dir.resolve("kpi-junit.xml"));
        assertThat(junit).contains("polls.max&lt;5").contains("Polls per job:");
        assertThat(ConsoleTable.build(run, List.of())).contains("Polls per job:\n  job Eval: 4 jobs, avg 3.8, p95 6, max 6\n");
    }

    @Test
    void shouldShowNoPollsSectionWhenTheRunHasNoJobSamples() throws Exception {
        KpiListener l = listener("p(95)<500");
        l.testStarted();
        l.sampleOccurred(status(T0));
        clock.advance(1000);
        l.tick();
        l.testEnded();

        assertThat(ConsoleTable.build(l.lastRun(), List.of())).doesNotContain("Polls per job");
        assertThat(Files.readString(dir.resolve("kpi-report.html"))).doesNotContain("Polls per job");
    }
}
