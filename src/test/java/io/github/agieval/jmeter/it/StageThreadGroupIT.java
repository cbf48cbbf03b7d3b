package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.agieval.jmeter.threads.StageSchedule;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs real plans with the Stage Thread Group in a stock JMeter 5.6.3 process and checks the load
 * shape it produced from the JTL ({@code grpThreads}, {@code allThreads}, thread names and
 * timestamps) against the schedule, at a time scale of 0.1 so the whole class takes seconds.
 *
 * <p>Timing: the exact moments (to the millisecond) are checked in virtual time by
 * {@code StageThreadGroupVirtualTimeTest}. Here, on a real and possibly busy machine, the checks
 * are exact where the engine cannot deviate (nothing happens <em>early</em>: no user starts
 * before its step, leaves before its retirement, is interrupted before its graceful deadline;
 * the counts and the LIFO order) and allow {@link #LATE_MS} where it can (thread scheduling, GC).
 */
class StageThreadGroupIT {

    private static final Pattern LOG_LINE = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) .*", Pattern.MULTILINE);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    /** How late a thread may act on a loaded 2-core machine (scheduling, GC); nothing may be early. */
    private static final long LATE_MS = 1_500;
    /** Skip margin around a change of the group's size, where either size is right. */
    private static final long SLACK_MS = 400;
    /** One iteration of the shape plans: 100 ms think time, then a ~1 ms request. */
    private static final long ITERATION_MS = 101;

    private static HttpServer server;
    private static ExecutorService executor;
    private static final AtomicInteger pings = new AtomicInteger();
    private static final AtomicInteger flaky = new AtomicInteger();

    @BeforeAll
    static void startTarget() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ping", exchange -> {
            pings.incrementAndGet();
            respond(exchange);
        });
        server.createContext("/flaky", exchange -> {
            if (flaky.incrementAndGet() == 5) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            } else {
                respond(exchange);
            }
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange);
        });
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.start();
    }

    private static void respond(HttpExchange exchange) throws IOException {
        byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // the client gave up (interrupted sample)
        }
    }

    @AfterAll
    static void stopTarget() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static int port() {
        return server.getAddress().getPort();
    }

    /** Epoch ms of the first log line containing {@code text}. */
    private static long logTime(String log, String text) {
        Matcher m = LOG_LINE.matcher(log);
        while (m.find()) {
            if (m.group().contains(text)) {
                return LocalDateTime.parse(m.group(1), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
            }
        }
        throw new AssertionError("no log line with " + text);
    }

    private static long ms(Map<String, String> row, String column) {
        return Long.parseLong(row.get(column));
    }

    @Test
    void shouldFollowStagesWhenRunHeadless(@TempDir Path dir) throws Exception {
        // k6-like: startVUs 2, 30s→10, 30s→10, 30s→0; at scale 0.1: 3 s up, 3 s hold, 3 s down
        StageSchedule schedule = StageSchedule.parse(2, "30s,10;30s,10;30s,0").scaled(0.1);
        JMeterRun.Result run = JMeterRun.testPlan("plans/stage-shape.jmx")
                .property("PORT", port())
                .property("START_USERS", 2)
                .property("STAGES", "30s,10;30s,10;30s,0")
                .property("TIME_SCALE", 0.1)
                .property("THINK_MS", 100)
                .workDir(dir)
                .run(Duration.ofMinutes(1));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        String log = run.logText();
        long t0 = logTime(log, "Starting Stage Thread Group \"Stages\" #1");
        List<Map<String, String>> rows = run.jtlRows().withLabel("GET ping");
        assertThat(rows).as(run.describe()).hasSizeGreaterThan(300);
        assertThat(rows).allMatch(r -> "true".equals(r.get("success")));

        // every sample saw a group size the schedule asked for: users are never early (not started
        // before their step, not gone before their retirement), at most LATE_MS late, and a retired
        // user finishes its iteration (timestamps are sample starts, from the start log line,
        // which comes just before the schedule's own start; grpThreads is read at the sample's end)
        for (Map<String, String> r : rows) {
            long e = ms(r, "timeStamp") - t0;
            long end = e + ms(r, "elapsed"); // grpThreads is taken when the sample ends
            int lo = Integer.MAX_VALUE;
            int hi = 0;
            for (long t = e - LATE_MS - ITERATION_MS; t <= end + 5; t += 5) {
                lo = Math.min(lo, schedule.targetAt(Math.max(0, t)));
                hi = Math.max(hi, schedule.targetAt(Math.max(0, t)));
            }
            int grp = Integer.parseInt(r.get("grpThreads"));
            assertThat(grp).as("grpThreads at %d ms: %s", e, r).isBetween(Math.max(1, lo), hi);
            assertThat(r.get("allThreads")).isEqualTo(r.get("grpThreads"));
        }
        // the hold: exactly 10 users, from (at most LATE_MS after) 3 s until the first removal at 6.3 s
        assertThat(rows.stream().filter(r -> ms(r, "timeStamp") - t0 >= 3_000 + LATE_MS
                && ms(r, "timeStamp") - t0 < 6_300))
                .hasSizeGreaterThan(50)
                .allMatch(r -> "10".equals(r.get("grpThreads")));
        assertThat(rows.stream().mapToInt(r -> Integer.parseInt(r.get("grpThreads"))).max()).hasValue(10);

        // exactly ten users were started, none before its step; they left in reverse order (LIFO),
        // none before its retirement
        Map<Integer, long[]> firstLast = new TreeMap<>();
        for (Map<String, String> r : rows) {
            String name = r.get("threadName");
            assertThat(name).startsWith("Stages 1-");
            int k = Integer.parseInt(name.substring("Stages 1-".length()));
            long ts = ms(r, "timeStamp") - t0;
            firstLast.merge(k, new long[] {ts, ts}, (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        assertThat(firstLast.keySet()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        for (int k = 3; k <= 10; k++) {
            long start = 375L * (k - 2); // 8 users over 3000 ms; the first request after 100 ms of think time
            assertThat(firstLast.get(k)[0]).as("first sample of user %d", k)
                    .isBetween(start + 100, start + ITERATION_MS + LATE_MS);
        }
        for (int k = 1; k <= 10; k++) {
            long retired = 6_000 + 300L * (11 - k); // 10 users removed over 3000 ms, newest first
            assertThat(firstLast.get(k)[1]).as("last sample of user %d", k)
                    .isBetween(retired - ITERATION_MS, retired + ITERATION_MS + LATE_MS);
            if (k > 1) {
                assertThat(firstLast.get(k)[1]).as("user %d leaves before user %d", k, k - 1)
                        .isLessThan(firstLast.get(k - 1)[1]);
            }
        }
        // the group ended with its schedule
        Matcher done = Pattern.compile("Stage Thread Group \"Stages\" #1: schedule done after (\\d+) ms").matcher(log);
        assertThat(done.find()).as(log).isTrue();
        assertThat(Long.parseLong(done.group(1))).isBetween(9_000L, 9_000L + LATE_MS);
        assertThat(log).doesNotContain("did not finish its iteration");
    }

    @Test
    void shouldInterruptOnlyIterationsOutlastingGracefulRampDownWhenScheduleEnds(@TempDir Path dir) throws Exception {
        JMeterRun.Result run = JMeterRun.testPlan("plans/stage-grace.jmx")
                .property("PORT", port())
                .workDir(dir)
                .run(Duration.ofMinutes(1));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Jtl jtl = run.jtlRows();
        String log = run.logText();
        long t0 = logTime(log, "Starting Stage Thread Group \"Short grace\" #1");
        // 300 ms grace: the 3 s iterations are cut at 1 s + 300 ms (never before), and no new one starts
        assertThat(jtl.withLabel("slow short")).as(run.describe()).hasSize(2).allSatisfy(r -> {
            assertThat(r.get("success")).isEqualTo("false");
            assertThat(ms(r, "timeStamp") + ms(r, "elapsed") - t0).as("end of the sample after the group started")
                    .isBetween(1_300L, 1_300L + LATE_MS);
        });
        // 10 s grace: the iterations finish normally, and no new one starts
        assertThat(jtl.withLabel("slow long")).hasSize(2).allSatisfy(r -> {
            assertThat(r.get("success")).isEqualTo("true");
            assertThat(ms(r, "elapsed")).isGreaterThanOrEqualTo(2_900L);
        });
        assertThat(Pattern.compile("Short grace 1-\\d did not finish its iteration within the graceful ramp-down")
                .matcher(log).results().count()).isEqualTo(2);
        assertThat(log).doesNotContain("Long grace 2-1 did not finish").doesNotContain("Long grace 2-2 did not finish");
    }

    @ParameterizedTest(name = "Flow Control Action {0}")
    @CsvSource({"0, graceful", "2, hard"})
    void shouldStopPromptlyWhenTestIsStoppedMidSchedule(int action, String kind, @TempDir Path dir) throws Exception {
        JMeterRun.Result run = JMeterRun.testPlan("plans/stage-stop.jmx")
                .property("PORT", port())
                .property("START_USERS", 5)
                .property("STAGES", "1h,5")
                .property("TIME_SCALE", 1)
                .property("THINK_MS", 100)
                .property("STOP_ACTION", action)
                .property("STOP_AFTER_MS", 2000)
                .workDir(dir)
                .run(Duration.ofMinutes(1));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        String log = run.logText();
        long t0 = logTime(log, "Starting Stage Thread Group \"Stages\" #");
        List<Map<String, String>> rows = run.jtlRows().withLabel("GET ping");
        assertThat(rows).as(run.describe()).hasSizeGreaterThan(20);
        assertThat(rows.stream().mapToLong(r -> ms(r, "timeStamp") - t0).max().getAsLong())
                .as("last sample, ms after the group started").isLessThan(2_000 + 1_000);
        assertThat(log).contains(kind + " stop of 5 users");
        Matcher done = Pattern.compile("Stage Thread Group \"Stages\" #\\d: schedule done after (\\d+) ms").matcher(log);
        assertThat(done.find()).as(log).isTrue();
        assertThat(Long.parseLong(done.group(1))).as("a one-hour schedule stopped after 2 s").isLessThan(3_000L);
    }

    @Test
    void shouldTakeBackRemovedUsersStillInTheirIterationWhenCurveRisesAgain(@TempDir Path dir) throws Exception {
        // 4 users whose iterations take ~3 s (think time, then one request); at 4 s the curve drops
        // to 1 user, then climbs back to 4 within 300 ms, while the 3 removed users are still in
        // their second iteration: they are taken back instead of starting new threads; the
        // schedule ends at 5 s, still in that iteration (margins: the first request may take up to
        // 1 s on a busy machine, the scheduler may be up to 1 s late)
        JMeterRun.Result run = JMeterRun.testPlan("plans/stage-shape.jmx")
                .property("PORT", port())
                .property("START_USERS", 4)
                .property("STAGES", "4s,4;0s,1;300ms,4;700ms,4")
                .property("THINK_MS", 3000)
                .property("TIME_SCALE", 1)
                .workDir(dir)
                .run(Duration.ofMinutes(1));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<Map<String, String>> rows = run.jtlRows().withLabel("GET ping");
        Map<String, Long> perUser = rows.stream().collect(
                Collectors.groupingBy(r -> r.get("threadName"), TreeMap::new, Collectors.counting()));
        assertThat(perUser).as(run.describe()).containsExactly(
                Map.entry("Stages 1-1", 2L), Map.entry("Stages 1-2", 2L),
                Map.entry("Stages 1-3", 2L), Map.entry("Stages 1-4", 2L));
    }

    @Test
    void shouldNotReplaceUserWhenItStopsOnSamplerError(@TempDir Path dir) throws Exception {
        // 3 users hold for 2 s with "Stop Thread" on error; the 5th request fails, its user stops
        flaky.set(0);
        JMeterRun.Result run = JMeterRun.testPlan("plans/stage-shape.jmx")
                .property("PORT", port())
                .property("PATH", "/flaky")
                .property("ON_ERROR", "stopthread")
                .property("START_USERS", 3)
                .property("STAGES", "2s,3")
                .property("THINK_MS", 100)
                .property("TIME_SCALE", 1)
                .workDir(dir)
                .run(Duration.ofMinutes(1));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<Map<String, String>> rows = run.jtlRows().withLabel("GET ping");
        List<Map<String, String>> failed = rows.stream().filter(r -> "500".equals(r.get("responseCode")))
                .collect(Collectors.toList());
        assertThat(failed).as(run.describe()).hasSize(1);
        String stopped = failed.get(0).get("threadName");
        long failedAt = ms(failed.get(0), "timeStamp");
        assertThat(rows.stream().map(r -> r.get("threadName")).distinct().sorted())
                .containsExactly("Stages 1-1", "Stages 1-2", "Stages 1-3");
        assertThat(rows).filteredOn(r -> r.get("threadName").equals(stopped))
                .allMatch(r -> ms(r, "timeStamp") <= failedAt);
        long t0 = logTime(run.logText(), "Starting Stage Thread Group \"Stages\" #1");
        assertThat(failedAt - t0).as("the failure is early in the 2 s hold").isLessThan(1_000);
        assertThat(rows).filteredOn(r -> ms(r, "timeStamp") > failedAt + SLACK_MS
                        && ms(r, "timeStamp") < t0 + 2_000 - SLACK_MS)
                .as("after the failure, until the end of the hold: 2 users")
                .isNotEmpty()
                .allMatch(r -> "2".equals(r.get("grpThreads")));
        assertThat(run.logText()).contains(stopped + " ended on its own; it is not replaced: the group now runs 1 user(s)"
                + " below its stages");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "STAGES | 1m,10;5x,20 | property 'StageThreadGroup.stages' = '1m,10;5x,20': stage 2: unparseable duration \"5x\"",
        "GRACE  | abc         | property 'StageThreadGroup.graceful_ramp_down' = 'abc': is not a duration",
    })
    void shouldFailTestStartNamingPropertyAndValueWhenSettingIsBad(String name, String value, String what,
            @TempDir Path dir) throws Exception {
        int before = pings.get();
        JMeterRun run0 = JMeterRun.testPlan("plans/stage-shape.jmx")
                .property("PORT", port())
                .property("START_USERS", 2)
                .property("STAGES", "1m,10")
                .property("TIME_SCALE", 1)
                .property(name, value)
                .workDir(dir);
        JMeterRun.Result run = run0.run(Duration.ofMinutes(1));
        String message = "Stage Thread Group 'Stages': " + what;
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.console()).contains(message);
        assertThat(run.logText()).contains(message);
        assertThat(pings.get()).isEqualTo(before);
        assertThat(Files.exists(run.jtl()) ? run.jtlRows().size() : 0).isZero();
    }

    @Test
    void shouldRunWithDefaultsWhenSettingsAreEmpty(@TempDir Path dir) throws Exception {
        // the plan as the GUI saves emptied fields: "" start users (0), time scale (1), graceful
        // ramp-down (30s); -JNAME= cannot do this (JMeter removes a property given empty)
        String jmx = Files.readString(JMeterHome.projectDir().resolve("src/test/resources/plans/stage-shape.jmx"));
        String emptied = jmx.replace("${__P(START_USERS,0)}", "").replace("${__P(TIME_SCALE,1)}", "")
                .replace("${__P(GRACE,30s)}", "");
        assertThat(emptied).contains("<stringProp name=\"StageThreadGroup.start_users\"></stringProp>")
                .contains("<stringProp name=\"StageThreadGroup.time_scale\"></stringProp>")
                .contains("<stringProp name=\"StageThreadGroup.graceful_ramp_down\"></stringProp>");
        Path plan = dir.resolve("stage-empty.jmx");
        Files.writeString(plan, emptied);
        JMeterRun.Result run = JMeterRun.plan(plan)
                .property("PORT", port())
                .property("STAGES", "1s,2;1s,2")
                .workDir(dir.resolve("run"))
                .run(Duration.ofMinutes(1));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.logText()).contains("Starting Stage Thread Group \"Stages\" #1: start 0 users")
                .contains("over 2000 ms (peak 2 users), graceful ramp-down 30000 ms");
        assertThat(run.jtlRows().withLabel("GET ping")).as(run.describe()).isNotEmpty()
                .allMatch(r -> "true".equals(r.get("success")));
    }
}
