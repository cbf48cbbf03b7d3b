package io.github.agieval.jmeter.judge;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.agieval.jmeter.common.Durations;
import io.github.agieval.jmeter.common.StageTimeline;
import io.github.agieval.jmeter.kpi.KpiListener;
import io.github.agieval.jmeter.kpi.engine.StageJudge;
import io.github.agieval.jmeter.threads.StageSchedule;

/**
 * The stage options of {@code judge}: the stages the judged run's Stage Thread Group followed
 * ({@code --stages SPEC}, its stage syntax, scaled by {@code --time-scale F} like {@code TIME_SCALE},
 * from {@code --start-users N}), when they began ({@code --stages-start EPOCH_MS}, default the earliest
 * sample start in the JTL), and how to judge them, with the defaults and meanings of KPI Assertions'
 * properties: {@code --stage-ramps} ({@value KpiListener#STAGE_RAMPS}), {@code --capacity-search}
 * ({@value KpiListener#CAPACITY_SEARCH}), {@code --capacity-window D} ({@value KpiListener#CAPACITY_WINDOW},
 * default {@value KpiListener#DEFAULT_CAPACITY_WINDOW}) and {@code --recovery-window D}
 * ({@value KpiListener#RECOVERY_WINDOW}, default {@value KpiListener#DEFAULT_RECOVERY_WINDOW}); a bare
 * duration is milliseconds. The engine then gets the stages as a {@link StageTimeline.Plan}, exactly as
 * the live listener gets the one the group publishes, and judges them with the same {@link StageJudge}.
 *
 * <p>Every value is checked while the command line is parsed: a bad one is an
 * {@link IllegalArgumentException} naming the option and the value.
 *
 * <p>Threading: single-threaded, like the command.
 */
final class JudgeStages {

    /** The group name the offline plan is reported under. */
    static final String GROUP = "--stages";

    private String stagesText;
    private StageSchedule schedule;
    private double timeScale = 1.0;
    private int startUsers;
    private Long startMs;
    private boolean ramps;
    private boolean capacitySearch;
    private Duration capacityWindow = Duration.ofMillis(Durations.parseMillis(KpiListener.DEFAULT_CAPACITY_WINDOW));
    private Duration recoveryWindow = Duration.ofMillis(Durations.parseMillis(KpiListener.DEFAULT_RECOVERY_WINDOW));
    private String stageOnlyOption;

    /** Whether {@code option} is a stage flag (no value); sets it if so. */
    boolean flag(String option) {
        switch (option) {
            case "--stage-ramps" -> ramps = true;
            case "--capacity-search" -> capacitySearch = true;
            default -> {
                return false;
            }
        }
        stageOnlyOption = option;
        return true;
    }

    /** Whether {@code option} is a stage option with a value. */
    static boolean takesValue(String option) {
        return switch (option) {
            case "--stages", "--time-scale", "--start-users", "--stages-start", "--capacity-window",
                    "--recovery-window" -> true;
            default -> false;
        };
    }

    /** Sets {@code option} (one {@link #takesValue} accepts) to {@code value}, checked. */
    void set(String option, String value) {
        String v = value.trim();
        switch (option) {
            case "--stages" -> stagesText = value;
            case "--time-scale" -> timeScale = positive(option, v);
            case "--start-users" -> startUsers = users(option, v);
            case "--stages-start" -> startMs = epochMs(option, v);
            case "--capacity-window" -> capacityWindow = duration(option, v);
            default -> {
                recoveryWindow = duration(option, v);
                if (recoveryWindow.isZero()) {
                    throw new IllegalArgumentException(option + " '" + value + "' must be longer than 0 (e.g. 5s)");
                }
            }
        }
        if (!option.equals("--stages")) {
            stageOnlyOption = option;
        }
    }

    /** Checks the options together once all are read (the stages are parsed and scaled here). */
    void check() {
        if (stagesText == null) {
            if (stageOnlyOption != null) {
                throw new IllegalArgumentException(stageOnlyOption + " needs --stages SPEC (the stages the run followed)");
            }
            return;
        }
        try {
            schedule = StageSchedule.parse(startUsers, stagesText).scaled(timeScale);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--stages '" + stagesText + "': " + e.getMessage(), e);
        }
    }

    /** Whether the run is judged stage by stage. */
    boolean present() {
        return schedule != null;
    }

    /** When the stages began as given by {@code --stages-start}, or {@code null} (the earliest sample start). */
    Long startMs() {
        return startMs;
    }

    StageSchedule schedule() {
        return schedule;
    }

    /** How KPI Assertions would judge the stages with the same properties. */
    StageJudge.Settings settings() {
        return new StageJudge.Settings(ramps, capacitySearch, capacityWindow, recoveryWindow);
    }

    /** The stages in wall-clock time, the group's time 0 at {@code epochStartMs}. */
    StageTimeline.Plan plan(long epochStartMs) {
        return schedule.timeline(GROUP, epochStartMs);
    }

    /** The engine's plan source: the plan from {@code epochStartMs}. */
    Supplier<StageTimeline.Plan> plans(long epochStartMs) {
        StageTimeline.Plan plan = plan(epochStartMs);
        return () -> plan;
    }

    private static double positive(String option, String v) {
        double f;
        try {
            f = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            f = Double.NaN;
        }
        if (!(f > 0) || Double.isInfinite(f)) {
            throw new IllegalArgumentException(option + " '" + v + "' is not a positive number (e.g. 0.05)");
        }
        return f;
    }

    private static int users(String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0 && n <= StageSchedule.MAX_USERS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " '" + v + "' is not a number of users (0 to "
                + StageSchedule.MAX_USERS + ")");
    }

    private static long epochMs(String option, String v) {
        try {
            long ms = Long.parseLong(v);
            if (ms > 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " '" + v
                + "' is not epoch milliseconds (e.g. 1700000000000, the JTL's timeStamp unit)");
    }

    private static Duration duration(String option, String v) {
        try {
            return Duration.ofMillis(Durations.parseMillis(v));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " '" + v + "' " + e.getMessage(), e);
        }
    }
}
