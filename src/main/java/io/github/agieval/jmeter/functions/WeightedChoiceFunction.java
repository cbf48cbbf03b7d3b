package io.github.agieval.jmeter.functions;

import io.github.agieval.jmeter.common.JMeterVersionCheck;
import io.github.agieval.jmeter.datagen.DataGenerator;
import io.github.agieval.jmeter.datagen.Seeds;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.jmeter.engine.util.CompoundVariable;
import org.apache.jmeter.functions.AbstractFunction;
import org.apache.jmeter.functions.InvalidVariableException;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.samplers.Sampler;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ${__weightedChoice(health:10,auth:15,models:25,evaluation:50)}}: one of the names, drawn with
 * the given weights, reproducibly: the same {@code SEED} property gives every thread the same sequence
 * of choices run after run, as the AGI Data Generator's data.
 *
 * <ul>
 * <li>Each parameter is {@code name:weight}; the weight a whole number {@code >= 0} (they need not add
 * up to 100), at least one above 0; names are unique. Parameters may use JMeter functions and
 * variables ({@code health:${__P(HEALTH_WEIGHT,10)}}).</li>
 * <li>The n-th call of a thread draws from a stream derived from the seed, the engine id (as the
 * Data Generator: property {@value DataGenerator#ENGINE_ID_PROPERTY}, else a remote engine's prefix),
 * the thread group's name, the thread number, the choices and n, so a choice depends on where it is
 * made, never on which thread ran first.</li>
 * <li>The seed is the JMeter property {@value #SEED_PROPERTY}; when it is missing or empty a random
 * seed is drawn once per JVM and logged, so that a run can be replayed with {@code -JSEED=...}.</li>
 * </ul>
 * Bad input (a parameter without {@code :}, a weight that is not a whole number {@code >= 0}, a name
 * given twice, all weights 0, a {@code SEED} that is not a whole number) fails with a message naming
 * the function, the parameter and the value.
 *
 * <p>Threading: JMeter may share one instance among threads; the parameters are set once, then only
 * read, and the per-thread call count lives in the thread's {@link JMeterVariables}.
 */
public class WeightedChoiceFunction extends AbstractFunction {

    /** The function's name in a plan. */
    public static final String KEY = "__weightedChoice";
    /** The JMeter property holding the seed (the one the shipped plans' Data Generators read). */
    public static final String SEED_PROPERTY = "SEED";

    private static final Logger log = LoggerFactory.getLogger(WeightedChoiceFunction.class);

    private static final List<String> DESCRIPTION = List.of("Choice as name:weight (one per parameter, e.g. health:10)");

    /** The seed of a run without {@code SEED}: drawn on first use, once per JVM. */
    private static volatile Long randomSeed;

    static {
        JMeterVersionCheck.atLoad();
    }

    private CompoundVariable[] values;

    /** One choice: its name and weight. */
    record Choice(String name, long weight) {
    }

    @Override
    public String execute(SampleResult previousResult, Sampler currentSampler) {
        List<String> params = new ArrayList<>(values.length);
        for (CompoundVariable v : values) {
            params.add(v.execute());
        }
        List<Choice> choices = parse(params);
        JMeterContext ctx = JMeterContextService.getContext();
        AbstractThreadGroup group = ctx.getThreadGroup();
        String spec = String.join(",", params);
        long stream = Seeds.derive(seed(JMeterUtils.getPropDefault(SEED_PROPERTY, "")), Seeds.hash(engineId()),
                Seeds.hash(group == null ? "" : group.getName()), ctx.getThreadNum(), Seeds.hash(spec));
        return pick(choices, Seeds.derive(stream, nextCall(ctx.getVariables(), spec)));
    }

    /** The number of this thread's calls with {@code spec} so far (0 for the first), counted in its variables. */
    private static long nextCall(JMeterVariables vars, String spec) {
        if (vars == null) {
            return 0;
        }
        String key = KEY + "#" + Long.toHexString(Seeds.hash(spec));
        Object counter = vars.getObject(key);
        long[] n = counter instanceof long[] c && c.length == 1 ? c : new long[1];
        vars.putObject(key, n);
        return n[0]++;
    }

    /** The choice that the random 64 bits {@code r} select with the weights. */
    static String pick(List<Choice> choices, long r) {
        long total = choices.stream().mapToLong(Choice::weight).sum();
        // r's top 53 bits as a fraction in [0, 1), scaled to the total weight
        long target = (long) ((r >>> 11) * 0x1.0p-53 * total);
        long upTo = 0;
        for (Choice c : choices) {
            upTo += c.weight();
            if (target < upTo) {
                return c.name();
            }
        }
        return choices.get(choices.size() - 1).name();
    }

    /** The choices of the parameters, checked as described in the class comment. */
    static List<Choice> parse(List<String> params) {
        List<Choice> choices = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < params.size(); i++) {
            String p = params.get(i).trim();
            int colon = p.lastIndexOf(':');
            if (colon <= 0) {
                throw bad(i, p, "is not name:weight (e.g. health:10)");
            }
            String name = p.substring(0, colon).trim();
            String w = p.substring(colon + 1).trim();
            long weight;
            try {
                weight = Long.parseLong(w);
            } catch (NumberFormatException e) {
                throw bad(i, p, "the weight '" + w + "' is not a whole number >= 0");
            }
            if (weight < 0 || weight > Integer.MAX_VALUE) {
                throw bad(i, p, "the weight '" + w + "' is not a whole number >= 0");
            }
            if (choices.stream().anyMatch(c -> c.name().equals(name))) {
                throw bad(i, p, "the name '" + name + "' is given twice");
            }
            choices.add(new Choice(name, weight));
            total += weight;
        }
        if (total == 0) {
            throw new IllegalArgumentException(KEY + ": every weight is 0 in " + String.join(",", params)
                    + ": at least one must be above 0");
        }
        return choices;
    }

    private static IllegalArgumentException bad(int index, String value, String why) {
        return new IllegalArgumentException(KEY + ": parameter " + (index + 1) + " = '" + value + "': " + why);
    }

    /** The base seed: {@code text} as a whole number, or the JVM's random seed when empty. */
    static long seed(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            Long s = randomSeed;
            if (s == null) {
                synchronized (WeightedChoiceFunction.class) {
                    if (randomSeed == null) {
                        randomSeed = new SecureRandom().nextLong();
                        log.info("{}: no {} property, random seed {} (set -J{}={} to replay the choices)", KEY,
                                SEED_PROPERTY, randomSeed, SEED_PROPERTY, randomSeed);
                    }
                    s = randomSeed;
                }
            }
            return s;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(KEY + ": property " + SEED_PROPERTY + " = '" + t
                    + "': must be empty (random) or a whole number", e);
        }
    }

    /** This engine's id, read as the Data Generator reads it. */
    private static String engineId() {
        String configured = JMeterUtils.getPropDefault(DataGenerator.ENGINE_ID_PROPERTY, "").trim();
        return configured.isEmpty()
                ? JMeterUtils.getPropDefault(JMeterUtils.THREAD_GROUP_DISTRIBUTED_PREFIX_PROPERTY_NAME, "").trim()
                : configured;
    }

    @Override
    public void setParameters(Collection<CompoundVariable> parameters) throws InvalidVariableException {
        checkMinParameterCount(parameters, 1);
        values = parameters.toArray(new CompoundVariable[0]);
    }

    @Override
    public String getReferenceKey() {
        return KEY;
    }

    @Override
    public List<String> getArgumentDesc() {
        return DESCRIPTION;
    }
}
