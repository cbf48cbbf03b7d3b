package io.github.agieval.jmeter.threads;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.common.Durations;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.common.StageTimeline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A k6 {@code ramping-vus} load shape: a number of users at time 0 and a list of stages, each a
 * duration and the number of users to reach at its end. Pure and immutable: it knows nothing about
 * threads, so the {@link StageThreadGroup} asks it "how many users now" and "when does that change
 * next".
 *
 * <p>Semantics, with all times in milliseconds since the group started:
 * <ul>
 * <li>Stage {@code i} runs from {@code s} (the sum of the earlier durations) to {@code s + d} and
 * moves the user count linearly from the previous stage's target (or the start users) to its
 * own target.</li>
 * <li>The count at {@code t} inside a stage is the interpolated value truncated toward the stage's
 * starting value: {@code from + sign * floor(|to - from| * (t - s) / d)}, computed exactly in
 * integers. So a ramp up adds user {@code k} at {@code s + ceil(k * d / n)} and a ramp down removes
 * one at the same moments, as k6 does: e.g. 0 to 10 users over 10 s adds one user per second, the
 * tenth at 10 s; 10 to 0 over 10 s removes one per second, the last at 10 s.</li>
 * <li>A stage of duration 0 jumps to its target at once.</li>
 * <li>At and after the {@linkplain #totalDurationMs() total duration} the target is 0: the group
 * ends.</li>
 * </ul>
 *
 * <p>Thread safety: immutable, shared freely.
 */
public final class StageSchedule {

    /** The largest number of users a stage may ask for. */
    public static final int MAX_USERS = 1_000_000;

    /** The longest total duration accepted (one year), to keep the arithmetic far from overflow. */
    public static final long MAX_TOTAL_MS = 365L * 24 * 3600 * 1000;

    /** {@code steps(count, +users, ramp, hold)}: a staircase for a capacity search. */
    private static final Pattern STEPS = Pattern.compile("steps\\s*\\((.*)\\)", Pattern.CASE_INSENSITIVE);
    /** The most steps one {@code steps(...)} entry may expand to. */
    public static final int MAX_STEPS = 1000;

    /** One stage: move linearly to {@code target} users over {@code durationMs}. */
    public record Stage(long durationMs, int target) {
        public Stage {
            if (durationMs < 0) {
                throw new IllegalArgumentException("stage duration must not be negative: " + durationMs + " ms");
            }
            if (target < 0 || target > MAX_USERS) {
                throw new IllegalArgumentException("stage target must be between 0 and " + MAX_USERS + ": " + target);
            }
        }
    }

    /** A moment at which the target changes: from {@code timeMs} on, {@code users} users. */
    public record Event(long timeMs, int users) {
    }

    private final int startUsers;
    private final List<Stage> stages;
    private final long[] stageStarts;
    private final long totalMs;

    private StageSchedule(int startUsers, List<Stage> stages) {
        this.startUsers = startUsers;
        this.stages = List.copyOf(stages);
        this.stageStarts = new long[stages.size()];
        long t = 0;
        for (int i = 0; i < stages.size(); i++) {
            stageStarts[i] = t;
            t += stages.get(i).durationMs();
        }
        this.totalMs = t;
    }

    /**
     * A schedule of {@code startUsers} and {@code stages}.
     *
     * @throws IllegalArgumentException if there is no stage, the start users are out of range or
     *         the total duration is 0 or longer than a year
     */
    public static StageSchedule of(int startUsers, List<Stage> stages) {
        if (startUsers < 0 || startUsers > MAX_USERS) {
            throw new IllegalArgumentException("start users must be between 0 and " + MAX_USERS + ": " + startUsers);
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no stages");
        }
        long total = 0;
        for (Stage s : stages) {
            total += s.durationMs();
            if (total > MAX_TOTAL_MS) {
                throw new IllegalArgumentException("total duration exceeds one year");
            }
        }
        if (total == 0) {
            throw new IllegalArgumentException("total duration is 0");
        }
        return new StageSchedule(startUsers, stages);
    }

    /**
     * Parses {@code startUsers} and stage text (see {@link #parseStages(String)}).
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static StageSchedule parse(int startUsers, String stagesText) {
        return of(startUsers, parseStages(stagesText));
    }

    /**
     * Parses stages. Two forms are accepted:
     * <ul>
     * <li>Text: one stage per line (or separated by {@code ;}), each {@code duration,target}, e.g.
     * {@code 5m,50}; blank lines and {@code #} comments are ignored.</li>
     * <li>k6 JSON, as copied from {@code options.scenarios.x.stages}:
     * {@code [{"duration":"5m","target":50}, ...]}; a numeric duration is milliseconds.</li>
     * </ul>
     * Durations are those of {@link #parseDurationMs(String)}.
     *
     * @throws IllegalArgumentException naming the stage and the bad value
     */
    public static List<Stage> parseStages(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
            return parseJsonStages(trimmed);
        }
        List<Stage> stages = new ArrayList<>();
        String[] entries = trimmed.split("\\r?\\n|\\r|;");
        for (String raw : entries) {
            int hash = raw.indexOf('#');
            String entry = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (entry.isEmpty()) {
                continue;
            }
            int n = stages.size() + 1;
            Matcher steps = STEPS.matcher(entry);
            if (steps.matches()) {
                stages.addAll(parseSteps(n, entry, steps.group(1), stages));
                continue;
            }
            String[] parts = entry.split(",", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("stage " + n + " \"" + entry
                        + "\" is not \"duration,target\" (e.g. 5m,50)");
            }
            long ms = stageDuration(n, parts[0].trim());
            int target = stageTarget(n, parts[1].trim());
            stages.add(new Stage(ms, target));
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no stages in \"" + trimmed + "\"");
        }
        return Collections.unmodifiableList(stages);
    }

    /**
     * Expands {@code steps(count, +users, ramp, hold)}: {@code count} times, a ramp of
     * {@code ramp} to {@code users} more users than before, then a hold of {@code hold} at that
     * count. "Before" is the previous stage's target, or 0 for the first entry (the start users
     * are added to it by the group's curve only through the stages, so a staircase usually
     * follows start users of 0). E.g. {@code steps(3,+10,10s,1m)} is
     * {@code 10s,10; 1m,10; 10s,20; 1m,20; 10s,30; 1m,30}.
     */
    private static List<Stage> parseSteps(int n, String entry, String args, List<Stage> before) {
        String[] parts = args.split(",", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("stage " + n + " \"" + entry
                    + "\" is not \"steps(count,+users,ramp,hold)\" (e.g. steps(10,+5,10s,1m))");
        }
        int count;
        int users;
        try {
            count = Integer.parseInt(parts[0].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stage " + n + ": step count \"" + parts[0].trim()
                    + "\" is not a whole number", e);
        }
        if (count < 1 || count > MAX_STEPS) {
            throw new IllegalArgumentException("stage " + n + ": step count " + count + " is not between 1 and "
                    + MAX_STEPS);
        }
        String step = parts[1].trim();
        try {
            users = Integer.parseInt(step.startsWith("+") ? step.substring(1) : step);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stage " + n + ": step users \"" + step
                    + "\" is not a whole number (e.g. +5)", e);
        }
        if (users < 1) {
            throw new IllegalArgumentException("stage " + n + ": step users " + users + " must be at least 1");
        }
        long ramp = stageDuration(n, parts[2].trim());
        long hold = stageDuration(n, parts[3].trim());
        if (hold <= 0) {
            throw new IllegalArgumentException("stage " + n + ": step hold must be longer than 0");
        }
        long from = before.isEmpty() ? 0 : before.get(before.size() - 1).target();
        if (from + (long) count * users > MAX_USERS) {
            throw new IllegalArgumentException("stage " + n + ": " + count + " steps of +" + users + " users exceed "
                    + MAX_USERS + " users");
        }
        List<Stage> out = new ArrayList<>(2 * count);
        for (int k = 1; k <= count; k++) {
            int target = (int) (from + (long) k * users);
            out.add(new Stage(ramp, target));
            out.add(new Stage(hold, target));
        }
        return out;
    }

    private static List<Stage> parseJsonStages(String text) {
        JsonNode root = Json.parse(text);
        if (!root.isArray()) {
            throw new IllegalArgumentException("JSON stages must be an array of {\"duration\":..,\"target\":..}, got "
                    + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        List<Stage> stages = new ArrayList<>();
        for (JsonNode node : root) {
            int n = stages.size() + 1;
            if (!node.isObject() || !node.has("duration") || !node.has("target")) {
                throw new IllegalArgumentException("stage " + n + " " + node + " needs \"duration\" and \"target\"");
            }
            JsonNode d = node.get("duration");
            JsonNode t = node.get("target");
            long ms = stageDuration(n, d.isNumber() ? d.asText() : d.textValue() == null ? d.toString() : d.textValue());
            int target = stageTarget(n, t.isNumber() ? t.asText() : t.textValue() == null ? t.toString() : t.textValue());
            stages.add(new Stage(ms, target));
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no stages in " + text);
        }
        return Collections.unmodifiableList(stages);
    }

    private static long stageDuration(int n, String value) {
        try {
            return parseDurationMs(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stage " + n + ": " + e.getMessage(), e);
        }
    }

    private static int stageTarget(int n, String value) {
        int target;
        try {
            target = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stage " + n + ": target \"" + value + "\" is not a whole number", e);
        }
        if (target < 0 || target > MAX_USERS) {
            throw new IllegalArgumentException("stage " + n + ": target " + target + " is not between 0 and " + MAX_USERS);
        }
        return target;
    }

    /**
     * Parses a duration in the suite's one grammar ({@link Durations}): Go/k6 style ({@code 30s},
     * {@code 5m}, {@code 1h30m}, {@code 500ms}, {@code 1.5m}) or a bare number of milliseconds.
     *
     * @return milliseconds, rounded to the nearest
     * @throws IllegalArgumentException with the bad value
     */
    public static long parseDurationMs(String value) {
        try {
            return Durations.parseMillis(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("is longer")
                    ? "duration \"" + value + "\" exceeds one year"
                    : "unparseable duration \"" + value + "\" (use e.g. 30s, 5m, 1h30m, 500ms, or plain milliseconds)", e);
        }
    }

    /**
     * This schedule with every duration multiplied by {@code factor} (rounded to the nearest
     * millisecond); users are unchanged.
     *
     * @throws IllegalArgumentException if {@code factor} is not a positive finite number or the
     *         scaled total is 0
     */
    public StageSchedule scaled(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("time scale must be a positive number: " + factor);
        }
        List<Stage> scaled = new ArrayList<>(stages.size());
        for (Stage s : stages) {
            scaled.add(new Stage(Math.round(s.durationMs() * factor), s.target()));
        }
        return of(startUsers, scaled);
    }

    public int startUsers() {
        return startUsers;
    }

    public List<Stage> stages() {
        return stages;
    }

    /** When the last stage ends and the group ends. */
    public long totalDurationMs() {
        return totalMs;
    }

    /**
     * The stages in wall-clock time for {@link StageTimeline}, given the epoch milliseconds at
     * which the group's time 0 is.
     */
    public StageTimeline.Plan timeline(String group, long epochStartMs) {
        List<StageTimeline.Stage> out = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            long start = epochStartMs + stageStarts[i];
            out.add(new StageTimeline.Stage(i + 1, start, start + stages.get(i).durationMs(), fromUsers(i),
                    stages.get(i).target()));
        }
        return new StageTimeline.Plan(group, out);
    }

    /** The most users the schedule ever asks for. */
    public int maxUsers() {
        int max = startUsers;
        for (Stage s : stages) {
            max = Math.max(max, s.target());
        }
        return max;
    }

    /** The number of users the schedule asks for at {@code elapsedMs} (0 before 0 and from the end on). */
    public int targetAt(long elapsedMs) {
        if (elapsedMs < 0 || elapsedMs >= totalMs) {
            return 0;
        }
        int i = stageIndexAt(elapsedMs);
        Stage stage = stages.get(i);
        int from = fromUsers(i);
        long diff = (long) stage.target() - from;
        long steps = Math.abs(diff) * (elapsedMs - stageStarts[i]) / stage.durationMs();
        return (int) (from + Long.signum(diff) * steps);
    }

    /**
     * The first moment after {@code elapsedMs} at which {@link #targetAt(long)} differs from its
     * value at {@code elapsedMs}; the total duration if nothing changes before the end; -1 from
     * the end on.
     */
    public long nextChangeAfter(long elapsedMs) {
        if (elapsedMs >= totalMs) {
            return -1;
        }
        long t = Math.max(elapsedMs, -1);
        int current = targetAt(elapsedMs);
        while (true) {
            long candidate = t < 0 ? 0 : nextCandidate(t);
            if (candidate >= totalMs) {
                return totalMs;
            }
            if (targetAt(candidate) != current) {
                return candidate;
            }
            t = candidate;
        }
    }

    /** Next moment after {@code t} (0 <= t < total) where the count may change: a ramp step or a stage end. */
    private long nextCandidate(long t) {
        int i = stageIndexAt(t);
        Stage stage = stages.get(i);
        long s = stageStarts[i];
        long d = stage.durationMs();
        long n = Math.abs((long) stage.target() - fromUsers(i));
        if (n > 0) {
            long k = n * (t - s) / d;
            if (k + 1 < n) {
                return s + ceilDiv((k + 1) * d, n);
            }
        }
        return s + d;
    }

    /**
     * Every change of the target, in time order, starting with the users at time 0 and ending
     * with 0 users at the total duration.
     */
    public List<Event> events() {
        List<Event> events = new ArrayList<>();
        int users = targetAt(0);
        events.add(new Event(0, users));
        long t = 0;
        while ((t = nextChangeAfter(t)) >= 0) {
            events.add(new Event(t, targetAt(t)));
        }
        return Collections.unmodifiableList(events);
    }

    private int fromUsers(int stageIndex) {
        return stageIndex == 0 ? startUsers : stages.get(stageIndex - 1).target();
    }

    /** The stage with start <= t < end (zero-length stages never contain a moment). */
    private int stageIndexAt(long t) {
        int lo = 0;
        int hi = stages.size() - 1;
        // the last stage whose start is <= t and whose duration is > 0
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (stageStarts[mid] <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        while (found > 0 && stages.get(found).durationMs() == 0) {
            found--;
        }
        return found;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** The schedule as stage text, {@code duration,target} lines with durations in the largest exact unit. */
    public String toStageText() {
        StringBuilder sb = new StringBuilder();
        for (Stage s : stages) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(formatDuration(s.durationMs())).append(',').append(s.target());
        }
        return sb.toString();
    }

    /** {@code 90000} → {@code 1m30s}, {@code 1500} → {@code 1s500ms}, {@code 0} → {@code 0s}. */
    public static String formatDuration(long ms) {
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long h = ms / 3_600_000;
        long m = ms / 60_000 % 60;
        long s = ms / 1000 % 60;
        long rest = ms % 1000;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        if (rest > 0) {
            sb.append(rest).append("ms");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "start " + startUsers + " users; " + toStageText().replace('\n', ';');
    }
}
