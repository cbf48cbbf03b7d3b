package io.github.agieval.jmeter.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.common.StageTimeline;
import io.github.agieval.jmeter.kpi.engine.StageJudge;

/** {@code judge --stages ...}: the options, and a synthetic JTL whose stages are known. */
class JudgeStagesTest {

    private static final String HEADER = "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,"
            + "failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n";
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int judge(String... args) {
        return JudgeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String console() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode json(Path file) throws Exception {
        return Json.parse(Files.readAllBytes(file));
    }

    // ---- options

    @Test
    void shouldTakeTheListenersDefaultsWhenOnlyStagesAreGiven() {
        JudgeCommand.Options o = JudgeCommand.Options.parse(new String[] {"--jtl", "a.jtl", "--stages", "10s,5"});

        assertThat(o.stages.present()).isTrue();
        assertThat(o.stages.startMs()).isNull();
        assertThat(o.stages.settings()).isEqualTo(StageJudge.Settings.defaults());
    }

    @Test
    void shouldScaleParseAndSetEveryStageOptionWhenGiven() {
        JudgeCommand.Options o = JudgeCommand.Options.parse(new String[] {"--jtl", "a.jtl",
            "--stages", "steps(3,+2,1s,8s)", "--time-scale", "0.5", "--start-users", "1", "--stages-start", "1700000000000",
            "--stage-ramps", "--capacity-search", "--capacity-window", "4s", "--recovery-window", "2500"});

        assertThat(o.stages.startMs()).isEqualTo(1_700_000_000_000L);
        assertThat(o.stages.settings()).isEqualTo(
                new StageJudge.Settings(true, true, Duration.ofSeconds(4), Duration.ofMillis(2500)));
        StageTimeline.Plan plan = o.stages.plan(T0);
        assertThat(plan.stages()).hasSize(6);
        StageTimeline.Stage first = plan.stages().get(0);
        assertThat(first.startMs()).isEqualTo(T0);
        assertThat(first.durationMs()).as("1 s at time scale 0.5").isEqualTo(500);
        assertThat(first.fromUsers()).isEqualTo(1);
        assertThat(plan.stages().get(1).durationMs()).isEqualTo(4000);
        assertThat(plan.stages().get(5).toUsers()).isEqualTo(6);
        assertThat(plan.endMs()).isEqualTo(T0 + 3 * 4500);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--stages|10s;x|--stages '10s;x': stage",
        "--time-scale|0|--time-scale '0' is not a positive number",
        "--time-scale|fast|--time-scale 'fast' is not a positive number",
        "--start-users|-3|--start-users '-3' is not a number of users",
        "--stages-start|yesterday|--stages-start 'yesterday' is not epoch milliseconds",
        "--capacity-window|10 parsecs|--capacity-window '10 parsecs' is not a duration",
        "--recovery-window|-5s|--recovery-window '-5s' is not a duration",
        "--recovery-window|0|--recovery-window '0' must be longer than 0",
    })
    void shouldExitOneNamingTheOptionAndValueWhenAStageOptionIsBad(String option, String value, String message)
            throws Exception {
        Path jtl = Files.writeString(dir.resolve("run.jtl"), staircase(500));
        List<String> args = new ArrayList<>(List.of("--jtl", jtl.toString(), "--kpi", "p(95)<500",
                "--out", dir.resolve("out").toString()));
        if (!option.equals("--stages")) {
            args.addAll(List.of("--stages", "10s,5"));
        }
        args.addAll(List.of(option, value));

        int code = judge(args.toArray(String[]::new));

        assertThat(code).isEqualTo(JudgeCommand.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
                .startsWith("judge: ").contains(message);
        assertThat(dir.resolve("out/kpi-report.json")).doesNotExist();
    }

    @Test
    void shouldRefuseAStageOptionWhenNoStagesAreGiven() {
        assertThatThrownBy(() -> JudgeCommand.Options.parse(new String[] {"--jtl", "a.jtl", "--capacity-search"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--capacity-search needs --stages SPEC (the stages the run followed)");
        assertThatThrownBy(() -> JudgeCommand.Options.parse(new String[] {"--jtl", "a.jtl", "--stages"}))
                .hasMessage("--stages needs a value");
    }

    // ---- a synthetic staircase: steps(4,+2,1s,4s), 100 ms answers until step 3 (6 users), 800 ms from its ramp on

    private static final String STAIRCASE = "steps(4,+2,1s,4s)";

    /**
     * One sample every 100 ms over the 20 s of {@link #STAIRCASE}, 100 ms long before the ramp to step 3
     * (10 s), {@code slowMs} long from it on; rows in end order, as JMeter writes them.
     */
    private static String staircase(long slowMs) {
        record Row(long start, long elapsed) {
        }
        List<Row> rows = new ArrayList<>();
        for (long t = 0; t < 20_000; t += 100) {
            rows.add(new Row(T0 + t, t < 10_000 ? 100 : slowMs));
        }
        rows.sort(Comparator.comparingLong(r -> r.start() + r.elapsed()));
        StringBuilder b = new StringBuilder(HEADER);
        for (Row r : rows) {
            b.append(r.start()).append(',').append(r.elapsed())
                    .append(",List Models,200,OK,Users 1-1,text,true,,10,10,4,4,http://127.0.0.1/,")
                    .append(r.elapsed()).append(",0,1\n");
        }
        return b.toString();
    }

    @Test
    void shouldBreakAtStepThreeAndFindStepTwoWhenTheLatencyJumpsAtStepThree() throws Exception {
        Path jtl = Files.writeString(dir.resolve("stairs.jtl"), staircase(800));
        Path results = dir.resolve("out");

        int code = judge("--jtl", jtl.toString(), "--kpi", "p(95)<500", "--out", results.toString(),
                "--stages", STAIRCASE, "--capacity-search", "--capacity-window", "2s");

        assertThat(code).as(console()).isZero();
        JsonNode capacity = json(results.resolve("capacity.json"));
        assertThat(capacity.path("found").asBoolean()).as(capacity.toPrettyString()).isTrue();
        assertThat(capacity.path("max_sustainable").path("users").asInt()).isEqualTo(4);
        assertThat(capacity.path("max_sustainable").path("requests_per_second").asDouble()).isCloseTo(10, within(1.0));
        assertThat(capacity.path("broke").path("users").asInt()).isEqualTo(6);
        assertThat(capacity.path("broke").path("stage").asInt()).isEqualTo(6);
        assertThat(capacity.path("broke").path("kpi").asText()).isEqualTo("p(95)<500");
        JsonNode stages = json(results.resolve("kpi-report.json")).path("stages");
        assertThat(stages.path("first_break").path("stage").asInt()).as(stages.toPrettyString()).isEqualTo(6);
        assertThat(stages.path("rows").get(0).path("stage").asInt()).isEqualTo(2);
        assertThat(stages.path("rows").get(0).path("held").asBoolean()).isTrue();
        assertThat(stages.path("rows").get(1).path("held").asBoolean()).isTrue();
        assertThat(stages.path("rows").get(2).path("held").asBoolean()).isFalse();
        assertThat(console()).contains("=== KPI verdict: PASS").contains("Stage by stage")
                .contains("Capacity: maximum sustainable load: 4 users");
        assertThat(Files.readString(results.resolve("kpi-report.html"))).contains("maximum sustainable load: 4 users");
        assertThat(Files.readString(results.resolve("kpi-junit.xml"))).contains("Capacity: maximum sustainable load");
    }

    @Test
    void shouldJudgeStagesWithoutASearchWhenOnlyStagesAreGiven() throws Exception {
        Path jtl = Files.writeString(dir.resolve("stairs.jtl"), staircase(800));
        Path results = dir.resolve("out");

        int code = judge("--jtl", jtl.toString(), "--kpi", "p(95)<500", "--out", results.toString(),
                "--stages", STAIRCASE);

        assertThat(code).as("the whole run breaks p(95)<500: " + console()).isEqualTo(99);
        JsonNode stages = json(results.resolve("kpi-report.json")).path("stages");
        assertThat(stages.path("rows")).as(stages.toPrettyString()).hasSize(4);
        assertThat(stages.path("first_break").path("stage").asInt()).isEqualTo(6);
        assertThat(stages.has("capacity")).isFalse();
        assertThat(results.resolve("capacity.json")).doesNotExist();
        assertThat(console()).contains("First break: stage 6 (hold 6): p(95)<500ms");
    }

    @Test
    void shouldExitWith99WhenEvenTheFirstStepBreaks() throws Exception {
        Path jtl = Files.writeString(dir.resolve("stairs.jtl"), staircase(800));

        int code = judge("--jtl", jtl.toString(), "--kpi", "p(95)<50", "--out", dir.resolve("out").toString(),
                "--stages", STAIRCASE, "--capacity-search", "--capacity-window", "2s");

        assertThat(code).as(console()).isEqualTo(99);
        assertThat(console()).contains("no sustainable load: even the first step broke");
        assertThat(json(dir.resolve("out/capacity.json")).path("found").asBoolean()).isFalse();
    }

    @Test
    void shouldMoveTheStagesWhenTheirStartIsGiven() throws Exception {
        // stages declared 5 s later than the samples: the slow samples (10-20 s) fall into step 2 (4 users)
        Path jtl = Files.writeString(dir.resolve("stairs.jtl"), staircase(800));

        int code = judge("--jtl", jtl.toString(), "--kpi", "p(95)<500", "--out", dir.resolve("out").toString(),
                "--stages", STAIRCASE, "--capacity-search", "--capacity-window", "2s",
                "--stages-start", Long.toString(T0 + 5_000));

        assertThat(code).as(console()).isZero();
        JsonNode capacity = json(dir.resolve("out/capacity.json"));
        assertThat(capacity.path("max_sustainable").path("users").asInt()).as(capacity.toPrettyString()).isEqualTo(2);
        assertThat(capacity.path("broke").path("users").asInt()).isEqualTo(4);
    }

    @Test
    void shouldMeasureTheRecoveryWhenTheStagesHaveASpike() throws Exception {
        // base 2 users 0-4 s, up 4-5 s, spike 8 users 5-9 s, down 9-10 s, base 10-20 s; slow from 5 s to 12 s
        StringBuilder b = new StringBuilder(HEADER);
        List<long[]> rows = new ArrayList<>();
        for (long t = 0; t < 20_000; t += 100) {
            rows.add(new long[] {T0 + t, t >= 5_000 && t < 12_000 ? 800 : 100});
        }
        rows.sort(Comparator.comparingLong(r -> r[0] + r[1]));
        for (long[] r : rows) {
            b.append(r[0]).append(',').append(r[1]).append(",List Models,200,OK,Users 1-1,text,true,,10,10,2,2,,")
                    .append(r[1]).append(",0,1\n");
        }
        Path jtl = Files.writeString(dir.resolve("spike.jtl"), b.toString());
        Path results = dir.resolve("out");

        int code = judge("--jtl", jtl.toString(), "--kpi", "p(95)<500", "--kpi", "recovery<10s", "--out",
                results.toString(), "--stages", "4s,2;1s,8;4s,8;1s,2;10s,2", "--recovery-window", "2s");

        JsonNode recovery = json(results.resolve("kpi-report.json")).path("stages").path("recovery");
        assertThat(recovery.path("recovered").asBoolean()).as(recovery.toPrettyString() + console()).isTrue();
        assertThat(recovery.path("spike_stage").asInt()).isEqualTo(3);
        // the spike ends at 9 s, the last slow sample ends at 12.7 s: recovered about 3-4 s after the spike
        assertThat(recovery.path("recovery_s").asDouble()).isBetween(2.5, 5.0);
        assertThat(code).as("p(95) of the whole run breaks, recovery holds: " + console()).isEqualTo(99);
        assertThat(console()).contains("Recovery after the spike: ");
    }
}
