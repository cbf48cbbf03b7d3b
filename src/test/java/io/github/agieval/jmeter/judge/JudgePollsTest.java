package io.github.agieval.jmeter.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Json;

/** The poll count of job samples read from a JTL (the response message's " (polls=N)") and judged offline. */
class JudgePollsTest {

    private static final String HEADER = "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,"
            + "failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n";
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Per job: two status polls, then the job sample (written when the job ends) with its poll count. */
    private Path csv(int... polls) throws Exception {
        StringBuilder b = new StringBuilder(HEADER);
        for (int i = 0; i < polls.length; i++) {
            long start = T0 + i * 1000L;
            String thread = "Users 1-" + (i + 1);
            b.append(start + 100).append(",20,Job Status,200,OK,").append(thread)
                    .append(",text,true,,10,10,2,2,http://127.0.0.1/,10,0,1\n");
            b.append(start + 300).append(",20,Job Status,200,OK,").append(thread)
                    .append(",text,true,,10,10,2,2,http://127.0.0.1/,10,0,1\n");
            b.append(start).append(",400,job Eval,SUCCEEDED,final status 'completed' (polls=").append(polls[i])
                    .append("),").append(thread).append(",text,true,,0,0,2,2,,0,0,0\n");
        }
        Path f = dir.resolve("run.jtl");
        Files.writeString(f, b.toString());
        return f;
    }

    private List<JtlSample> read(Path file) throws Exception {
        List<JtlSample> samples = new ArrayList<>();
        JtlReader.of(file).read(samples::add);
        return samples;
    }

    @Test
    void shouldReadThePollCountWhenAJtlRowIsAJobSample() throws Exception {
        List<JtlSample> s = read(csv(3, 5));

        assertThat(s).extracting(JtlSample::label).containsExactly("Job Status", "Job Status", "job Eval",
                "Job Status", "Job Status", "job Eval");
        assertThat(s).extracting(JtlSample::polls).containsExactly(-1, -1, 3, -1, -1, 5);
        assertThat(s).extracting(JtlSample::subSample).containsOnly(false);
    }

    @Test
    void shouldReadThePollCountWhenAnXmlJtlHasTheJobSample() throws Exception {
        Path f = dir.resolve("run.xml");
        Files.writeString(f, """
                <?xml version="1.0" encoding="UTF-8"?>
                <testResults version="1.2">
                <httpSample t="20" ts="1100" s="true" lb="Job Status" rc="200" rm="OK" tn="T 1-1"/>
                <sample t="400" ts="1000" s="true" lb="job Eval" rc="SUCCEEDED" rm="final status 'completed' (polls=7)" tn="T 1-1"/>
                </testResults>
                """);

        assertThat(read(f)).extracting(JtlSample::polls).containsExactly(-1, 7);
    }

    @Test
    void shouldJudgePollsKpisAndReportThemWhenTheJtlHasJobSamples() throws Exception {
        Path outDir = dir.resolve("out");
        int code = JudgeCommand.run(new String[] {"--jtl", csv(2, 4, 6, 8).toString(), "--kpi",
                "label=job Eval: polls.avg<6", "--kpi", "polls.max<8", "--out", outDir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(99);
        JsonNode json = Json.parse(Files.readString(outDir.resolve("kpi-report.json")));
        assertThat(json.at("/kpis/0/observed").asDouble()).isEqualTo(5.0);
        assertThat(json.at("/kpis/0/verdict").asText()).isEqualTo("PASS");
        assertThat(json.at("/kpis/1/observed").asDouble()).isEqualTo(8.0);
        assertThat(json.at("/kpis/1/verdict").asText()).isEqualTo("FAIL");
        assertThat(json.at("/response_times/by_label/job Eval/polls/jobs").asLong()).isEqualTo(4);
        assertThat(json.at("/test_summary/samples").asLong()).isEqualTo(12);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Polls per job:\n  job Eval: 4 jobs, avg 5, p95 8, max 8");
    }
}
