package io.github.agieval.jmeter.judge;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.github.agieval.jmeter.kpi.KpiListener;
import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.KpiEngine;
import io.github.agieval.jmeter.kpi.parsing.KpiExpressions;
import io.github.agieval.jmeter.kpi.parsing.KpiParseException;
import io.github.agieval.jmeter.kpi.parsing.KpiYaml;
import io.github.agieval.jmeter.kpi.reports.KpiVerdict;

/**
 * {@code judge --jtl FILE (--kpis FILE | --kpi 'LINE')... [--out DIR] [--grace 30s] [--allow-no-data]
 * [--stages SPEC ...]}:
 * judges the JTL of a finished JMeter 5.x run (CSV or XML, with or without this suite's elements)
 * against KPIs, with the engine, reports, console table and exit codes of KPI Assertions: 0 every KPI
 * passed, 99 a KPI failed, 1 bad input (a missing or unreadable JTL, an unknown format, missing
 * columns, a truncated last line, a bad KPI file or line, a bad option), each named in one line.
 *
 * <p>How the live run is replayed: the samples go to a {@link KpiEngine} in file order (JMeter writes
 * a sample when it ends), each with the number of sub-sample rows after it (counted as sub-samples,
 * as the live listener does). The engine's clock is a {@link ReplayClock} set from the samples: the
 * run starts at the first sample's start, the engine ticks once per second of sample time before a
 * sample that ends after that second, and finishes at the last end. Totals, sample counts and
 * percentiles are therefore those of the live run; rates and windows depend on the run's duration
 * and on which second a sample falls into, which offline is the samples' own span rather than the
 * listener's wall-clock test start and end.
 *
 * <p>Stages ({@link JudgeStages}): a JTL holds no stage times, so {@code --stages} gives them; the
 * engine then judges stage by stage, searches capacity and measures recovery from that plan exactly as
 * live from the Stage Thread Group's. The stages start at {@code --stages-start}, by default at the
 * earliest sample start, a little after the live group's start (its first users' first request), so
 * a stage's edges may move by that offset, usually well under a second; the replay's run starts no
 * later than the stages.
 *
 * <p>Threading: single-threaded; one command per JVM.
 */
public final class JudgeCommand {

    /** The exit code for bad input. */
    public static final int BAD_INPUT = 1;

    private static final String USAGE = String.join("\n",
            "usage: java -jar agieval-jmeter-plugins.jar judge --jtl FILE (--kpis FILE | --kpi 'LINE')... [options]",
            "Judges the JTL (CSV or XML) of a finished JMeter 5.x run against KPIs, like KPI Assertions does live.",
            "  --jtl FILE        the run's results file (CSV with a header, or XML)",
            "  --kpis FILE       a performance-kpis.yml file (repeatable)",
            "  --kpi 'LINE'      a KPI line, e.g. 'p(95)<500' or 'label=login: error_rate<1%' (repeatable)",
            "  --out DIR         folder of kpi-report.json, kpi-junit.xml, kpi-report.html (default kpi-results)",
            "  --grace DURATION  samples in the first DURATION are reported but not judged (default 0s)",
            "  --allow-no-data   a JTL without samples may pass (default: every KPI fails with NO DATA)",
            "Stages (as KPI Assertions judges a Stage Thread Group's run; a bare duration is milliseconds):",
            "  --stages SPEC        the stages the run followed, in the Stage Thread Group's syntax",
            "                       (e.g. '30s,10;1m,10' or 'steps(5,+2,1s,8s)'): a verdict per stage",
            "  --time-scale F       the run's TIME_SCALE: every stage duration times F (default 1)",
            "  --start-users N      the group's start users (default 0)",
            "  --stages-start MS    when the stages began, epoch ms (default: the earliest sample start)",
            "  --stage-ramps        ramps get a row too (KpiListener.stageRamps)",
            "  --capacity-search    judge the run as a capacity search (KpiListener.capacitySearch)",
            "  --capacity-window D  how long a step must fail to end the search (default 10s)",
            "  --recovery-window D  how long every KPI must hold again after the spike (default 5s)",
            "Exit codes: 0 every KPI passed (a capacity search: a sustainable load was found),",
            "            99 a KPI failed (a capacity search: even the first step broke), 1 bad input.");

    private JudgeCommand() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs the command; returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("judge: " + e.getMessage());
            err.println("Run 'judge --help' for the options.");
            return BAD_INPUT;
        }
        if (o == null) {
            out.println(USAGE);
            return 0;
        }
        try {
            List<String> warnings = new ArrayList<>();
            List<Kpi> kpis = loadKpis(o, warnings);
            KpiEngine.Settings settings = KpiEngine.Settings.defaults().withGrace(o.grace)
                    .withAllowNoData(o.allowNoData);
            Replay replay = new Replay(kpis, settings);
            if (o.stages.present()) {
                long stagesStart = o.stages.startMs() != null ? o.stages.startMs() : earliestStart(o.jtl);
                if (stagesStart != Long.MAX_VALUE) {
                    // (a JTL without samples has no stages to judge: its KPIs have NO DATA)
                    replay.judgeStages(o.stages, stagesStart);
                }
            }
            warnings.forEach(replay.engine::warn);
            JtlReader.of(o.jtl).read(replay::accept);
            replay.end();
            KpiVerdict.Result result = KpiVerdict.conclude(replay.engine, o.out, o.jtl.getFileName().toString());
            out.println(result.table());
            return result.exitCode();
        } catch (JtlFormatException | IllegalArgumentException e) {
            err.println("judge: " + e.getMessage());
            return BAD_INPUT;
        }
    }

    /** The KPIs of every {@code --kpi} line and {@code --kpis} file, checked as KPI Assertions checks its own. */
    static List<Kpi> loadKpis(Options o, List<String> warnings) {
        List<Kpi> kpis = new ArrayList<>();
        for (String line : o.lines) {
            kpis.addAll(KpiExpressions.parseLines(line, "--kpi"));
        }
        for (Path file : o.files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--kpis " + file + ": no such KPI file");
            }
            KpiYaml.Loaded loaded;
            try {
                loaded = KpiYaml.load(file);
            } catch (KpiParseException e) {
                throw new IllegalArgumentException("--kpis " + file + ": " + e.getMessage(), e);
            }
            if (loaded.kpis().isEmpty()) {
                throw new IllegalArgumentException("--kpis " + file + ": the KPI file defines no KPIs");
            }
            kpis.addAll(loaded.kpis());
            warnings.addAll(loaded.warnings());
        }
        if (kpis.isEmpty()) {
            throw new IllegalArgumentException("no KPIs given: a JTL judged without KPIs cannot fail; give --kpis FILE"
                    + " or --kpi LINE, e.g. --kpi 'p(95)<500'");
        }
        if (kpis.stream().noneMatch(Kpi::measured)) {
            throw new IllegalArgumentException("none of the " + kpis.size() + " KPIs can be measured from a JTL ("
                    + String.join(", ", kpis.stream().map(Kpi::name).toList()) + "); add a KPI such as p(95)<500");
        }
        return kpis;
    }

    /**
     * The earliest start of a sample (not a sub-sample) in {@code jtl}: where the stages begin when
     * {@code --stages-start} is not given. JMeter writes a sample when it ends, so this reads the file
     * once before the replay. {@link Long#MAX_VALUE} for a JTL without samples.
     */
    static long earliestStart(Path jtl) throws JtlFormatException {
        long[] min = {Long.MAX_VALUE};
        JtlReader.of(jtl).read(s -> {
            if (!s.subSample()) {
                min[0] = Math.min(min[0], s.start());
            }
        });
        return min[0];
    }

    /** Feeds the engine in file order, a sample with the count of the sub-sample rows after it. */
    private static final class Replay {
        final ReplayClock clock = new ReplayClock();
        final KpiEngine engine;
        private JtlSample pending;
        private int pendingSubs;
        private long nextTick;
        private long lastEnd = Long.MIN_VALUE;
        private long stagesStart = Long.MAX_VALUE;

        Replay(List<Kpi> kpis, KpiEngine.Settings settings) {
            engine = new KpiEngine(kpis, settings, clock, reason -> {
                // nothing to stop: the run is over
            });
        }

        /**
         * Judges stage by stage as the live listener does with a Stage Thread Group's timeline; the run
         * starts no later than the stages (live, the listener starts just before the group).
         */
        void judgeStages(JudgeStages stages, long epochStartMs) {
            engine.judgeStages(stages.settings(), stages.plans(epochStartMs));
            stagesStart = epochStartMs;
        }

        void accept(JtlSample s) {
            if (s.subSample() && pending != null) {
                pendingSubs++;
                return;
            }
            flush();
            if (nextTick == 0) {
                long start = Math.min(s.start(), stagesStart);
                clock.set(start);
                engine.start();
                nextTick = start + 1000;
            }
            pending = s;
            pendingSubs = 0;
        }

        private void flush() {
            JtlSample s = pending;
            if (s == null) {
                return;
            }
            pending = null;
            while (s.end() >= nextTick) {
                clock.set(nextTick);
                engine.tick();
                nextTick += 1000;
            }
            lastEnd = Math.max(lastEnd, s.end());
            engine.record(s.label(), s.start(), s.end(), s.elapsed(), s.latency(), s.connect(), s.ok(),
                    s.ok() ? null : errorType(s), "local", s.allThreads(), pendingSubs, s.polls());
        }

        void end() {
            flush();
            if (lastEnd != Long.MIN_VALUE) {
                clock.set(Math.max(lastEnd, clock.millis()));
            }
        }
    }

    /** What a failure is grouped by: the response code, or the first assertion's message (as live). */
    static String errorType(JtlSample s) {
        String code = s.responseCode();
        String text;
        if ((code.isEmpty() || code.startsWith("2") || code.startsWith("3")) && !s.failureMessage().isEmpty()) {
            text = "Assertion failed: " + s.failureMessage();
        } else {
            text = code;
        }
        return text.length() > 100 ? text.substring(0, 97) + "..." : text;
    }

    /** A clock whose time the replay sets (the samples' time, never the wall clock). */
    static final class ReplayClock extends Clock {
        private long millis;

        void set(long ms) {
            millis = ms;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a replay clock has no zones");
        }
    }

    /** The parsed command line. */
    static final class Options {
        Path jtl;
        final List<Path> files = new ArrayList<>();
        final List<String> lines = new ArrayList<>();
        Path out = Paths.get(KpiListener.DEFAULT_RESULTS_DIR);
        Duration grace = Duration.ZERO;
        boolean allowNoData;
        final JudgeStages stages = new JudgeStages();

        /** The options, or {@code null} for {@code --help}; {@link IllegalArgumentException} naming a bad one. */
        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> {
                        return null;
                    }
                    case "--allow-no-data" -> o.allowNoData = true;
                    case "--stage-ramps", "--capacity-search" -> o.stages.flag(a);
                    case "--jtl", "--kpis", "--kpi", "--out", "--grace" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(a + " needs a value");
                        }
                        String v = args[++i];
                        switch (a) {
                            case "--jtl" -> o.jtl = path(a, v);
                            case "--kpis" -> o.files.add(path(a, v));
                            case "--kpi" -> o.lines.add(v);
                            case "--out" -> o.out = path(a, v);
                            default -> {
                                o.grace = KpiExpressions.parseDuration(v.trim());
                                if (o.grace == null) {
                                    throw new IllegalArgumentException("--grace '" + v
                                            + "' is not a duration (e.g. 30s, 1m, 500ms)");
                                }
                            }
                        }
                    }
                    default -> {
                        if (!JudgeStages.takesValue(a)) {
                            throw new IllegalArgumentException("unknown option '" + a + "'");
                        }
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(a + " needs a value");
                        }
                        o.stages.set(a, args[++i]);
                    }
                }
            }
            o.stages.check();
            if (o.jtl == null) {
                throw new IllegalArgumentException("--jtl FILE is required");
            }
            return o;
        }

        private static Path path(String option, String v) {
            try {
                return Paths.get(v).toAbsolutePath();
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(option + " '" + v + "' is not a path: " + e.getMessage(), e);
            }
        }
    }
}
