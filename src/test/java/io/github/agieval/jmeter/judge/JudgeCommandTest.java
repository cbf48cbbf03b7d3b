package io.github.agieval.jmeter.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Json;

class JudgeCommandTest {

    private static final String HEADER = "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,"
            + "failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int judge(String... args) {
        return JudgeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    /** 20 samples over 4 s, 100 ms each, one failed (500), one with a sub-sample row. */
    private Path csv() throws Exception {
        StringBuilder b = new StringBuilder(HEADER);
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < 20; i++) {
            long start = t0 + i * 200L;
            boolean ok = i != 7;
            b.append(start).append(",100,Login,").append(ok ? "200" : "500").append(",OK,Users 1-1,text,")
                    .append(ok).append(",,10,10,2,2,http://127.0.0.1/,50,0,1\n");
            if (i == 3) {
                b.append(start).append(",20,Login-0,302,Found,Users 1-1,text,true,,10,10,2,2,,10,0,1\n");
            }
        }
        return file("run.jtl", b.toString());
    }

    private JsonNode report(Path out) throws Exception {
        return Json.parse(Files.readAllBytes(out.resolve("kpi-report.json")));
    }

    @Test
    void shouldExitZeroAndWriteTheThreeReportsWhenEveryKpiPasses() throws Exception {
        Path results = dir.resolve("out");

        int code = judge("--jtl", csv().toString(), "--kpi", "p(95)<500", "--kpi", "error_rate<10%", "--out",
                results.toString());

        assertThat(code).as(stderr()).isZero();
        assertThat(results.resolve("kpi-junit.xml")).exists();
        assertThat(results.resolve("kpi-report.html")).exists();
        JsonNode r = report(results);
        assertThat(r.path("test_summary").path("verdict").asText()).isEqualTo("PASS");
        assertThat(r.path("test_summary").path("samples").asLong()).isEqualTo(20);
        assertThat(r.path("test_summary").path("sub_samples").asLong()).isEqualTo(1);
        assertThat(r.path("test_summary").path("failed_samples").asLong()).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("KPI verdict: PASS");
    }

    @Test
    void shouldExit99WhenAKpiIsBreached() throws Exception {
        Path results = dir.resolve("out");
        Path kpis = file("kpis.yml", "reliability_metrics:\n  - name: \"error_rate\"\n    target: \"<1%\"\n");

        int code = judge("--jtl", csv().toString(), "--kpis", kpis.toString(), "--out", results.toString());

        assertThat(code).isEqualTo(99);
        assertThat(report(results).path("test_summary").path("verdict").asText()).isEqualTo("FAIL");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("KPI verdict: FAIL");
    }

    @Test
    void shouldJudgeAnXmlJtlWithItsNestedSubSamples() throws Exception {
        Path jtl = file("run.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testResults version=\"1.2\">\n"
                + "<httpSample t=\"120\" lt=\"100\" ts=\"1700000000000\" s=\"true\" lb=\"Login\" rc=\"200\" tn=\"T 1-1\" na=\"1\">\n"
                + "  <httpSample t=\"20\" ts=\"1700000000000\" s=\"true\" lb=\"Login-0\" rc=\"302\" tn=\"T 1-1\"/>\n"
                + "</httpSample>\n"
                + "<httpSample t=\"900\" ts=\"1700000001500\" s=\"true\" lb=\"Models\" rc=\"200\" tn=\"T 1-1\" na=\"1\"/>\n"
                + "</testResults>\n");
        Path results = dir.resolve("out");

        int code = judge("--jtl", jtl.toString(), "--kpi", "max<800", "--out", results.toString());

        assertThat(code).isEqualTo(99);
        JsonNode r = report(results);
        assertThat(r.path("test_summary").path("samples").asLong()).isEqualTo(2);
        assertThat(r.path("test_summary").path("sub_samples").asLong()).isEqualTo(1);
    }

    @Test
    void shouldJudgeAWindowedKpiOnTheSamplesTime() throws Exception {
        // 1 s of errors in the middle of 4 s: the run's error rate is 25 %, its worst 1 s window 100 %
        StringBuilder b = new StringBuilder(HEADER);
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < 40; i++) {
            boolean ok = i < 10 || i >= 20;
            b.append(t0 + i * 100L).append(",50,A,").append(ok ? "200" : "500").append(",m,T 1-1,text,").append(ok)
                    .append(",,1,1,1,1,,1,0,0\n");
        }
        Path jtl = file("w.jtl", b.toString());

        int whole = judge("--jtl", jtl.toString(), "--kpi", "error_rate<30%", "--out", dir.resolve("a").toString());
        int windowed = judge("--jtl", jtl.toString(), "--kpi", "error_rate<30% over 1s", "--out",
                dir.resolve("b").toString());

        assertThat(whole).as(stderr()).isZero();
        assertThat(windowed).as(stderr()).isEqualTo(99);
    }

    @Test
    void shouldExit1NamingTheFileWhenTheJtlIsMissing() {
        int code = judge("--jtl", dir.resolve("nope.jtl").toString(), "--kpi", "p(95)<500");

        assertThat(code).isEqualTo(1);
        assertThat(stderr()).contains("nope.jtl").contains("no such JTL file");
    }

    @Test
    void shouldExit1WhenTheFormatIsUnknown() throws Exception {
        int code = judge("--jtl", file("x.jtl", "hello world\n").toString(), "--kpi", "p(95)<500");

        assertThat(code).isEqualTo(1);
        assertThat(stderr()).contains("unknown format");
    }

    @Test
    void shouldExit1NamingTheMissingColumns() throws Exception {
        int code = judge("--jtl", file("c.jtl", "timeStamp,label,responseCode\n1,a,200\n").toString(), "--kpi",
                "p(95)<500");

        assertThat(code).isEqualTo(1);
        assertThat(stderr()).contains("elapsed, success");
    }

    @Test
    void shouldExit1WhenTheLastLineIsTruncated() throws Exception {
        Path jtl = file("t.jtl", HEADER + "1700000000000,100,Login,200,OK,Users 1-1,text,true,,10,10,2,2,x,50,0,1\n"
                + "1700000000200,100,Login,200,OK,Us");

        int code = judge("--jtl", jtl.toString(), "--kpi", "p(95)<500", "--out", dir.resolve("o").toString());

        assertThat(code).isEqualTo(1);
        assertThat(stderr()).contains("line 3").contains("truncated last line");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void shouldExit1NamingTheBadKpiLine() throws Exception {
        int code = judge("--jtl", csv().toString(), "--kpi", "p(95)<fast");

        assertThat(code).isEqualTo(1);
        assertThat(stderr()).startsWith("judge: ").contains("fast");
    }

    @Test
    void shouldExit1WhenTheKpiFileIsMissingOrBad() throws Exception {
        int missing = judge("--jtl", csv().toString(), "--kpis", dir.resolve("none.yml").toString());
        assertThat(missing).isEqualTo(1);
        assertThat(stderr()).contains("none.yml").contains("no such KPI file");

        err.reset();
        int bad = judge("--jtl", csv().toString(), "--kpis", file("bad.yml", "response_time_metrics: [\n").toString());
        assertThat(bad).isEqualTo(1);
        assertThat(stderr()).contains("bad.yml");
    }

    @Test
    void shouldExit1WhenNoKpiIsGivenOrAnOptionIsUnknown() throws Exception {
        assertThat(judge("--jtl", csv().toString())).isEqualTo(1);
        assertThat(stderr()).contains("no KPIs given");
        err.reset();
        assertThat(judge("--jtl", csv().toString(), "--kpi", "p(95)<500", "--fast")).isEqualTo(1);
        assertThat(stderr()).contains("unknown option '--fast'");
        err.reset();
        assertThat(judge("--kpi", "p(95)<500")).isEqualTo(1);
        assertThat(stderr()).contains("--jtl FILE is required");
    }

    @Test
    void shouldPrintTheOptionsWhenAskedForHelp() {
        assertThat(judge("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--jtl FILE").contains("--kpis FILE")
                .contains("99 a KPI failed");
    }
}
