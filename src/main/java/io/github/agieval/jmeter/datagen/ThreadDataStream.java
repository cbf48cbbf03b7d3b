package io.github.agieval.jmeter.datagen;

import java.util.List;

import org.apache.jmeter.threads.JMeterVariables;

/**
 * One thread's data stream of the <b>AGI Data Generator</b>: its seeds, its {@link EvalDataFaker},
 * its iteration count and the names of the variables it publishes; {@link #publish} puts one
 * iteration's evaluation request and user scenario into the thread's variables.
 *
 * <p><b>Threading model:</b> confined to one JMeter thread. {@link DataGenerator} builds one in
 * {@code threadStarted()} of its per-thread clone, keeps it in a transient field and calls
 * {@link #publish} at the start of every iteration of that thread; nothing in it is shared.
 *
 * <p><b>Reproducibility:</b> the values of an iteration are a pure function of the base seed,
 * the engine id, the thread group (phase, number and name), the thread number and the iteration
 * count in this stream.
 */
final class ThreadDataStream {

    private static final long SCENARIO_STREAM = 0x5C3E_A210L;
    /** Largest thread group number and thread number for which unique ids are guaranteed (10 and 20 bits). */
    static final int MAX_GROUP = 0x3FF;
    static final int MAX_THREAD = 0xFFFFF;

    /** Index of the bare prefix in the names array. */
    private static final int NAME_PREFIX = 14;

    private final EvalDataFaker faker;
    private final long threadStreamSeed;
    private final long uniqueScramble;
    private final long uniquePrefix;
    private final long uniqueEngine;
    private final String[] names;
    private final List<List<String>> sequences;
    private final String[] joinedSequences;
    private final String[] actionNames;
    private final boolean withRequests;
    private final boolean withScenarios;
    private final boolean withUniqueIds;
    private long iterations;
    private int previousActionCount;

    /** Where a thread sits in the test: the inputs of its stream seed and its unique-id prefix. */
    record ThreadPosition(String engine, int phase, int groupNumber, String groupName, int threadNum) {
    }

    /** What to publish: the switches and the variable names (before and after the prefix). */
    record Output(String prefix, String requestVariable, boolean requests, boolean scenarios, boolean uniqueIds) {
    }

    ThreadDataStream(GeneratorSettings parsed, long baseSeed, ThreadPosition at, Output output) {
        threadStreamSeed = Seeds.derive(baseSeed, Seeds.hash(at.engine()), at.phase(), at.groupNumber(),
                Seeds.hash(at.groupName()), at.threadNum());
        uniqueScramble = Seeds.mix(baseSeed ^ 0x756E6971756549L);
        uniqueEngine = engineTag(at.engine());
        uniquePrefix = ((long) at.phase() << 62) | ((long) (at.groupNumber() & MAX_GROUP) << 52)
                | ((long) (at.threadNum() & MAX_THREAD) << 32);
        iterations = 0;
        previousActionCount = 0;
        names = variableNames(output.prefix(), output.requestVariable());
        sequences = parsed.actionSequences();
        joinedSequences = new String[sequences.size()];
        int longest = 0;
        for (int i = 0; i < sequences.size(); i++) {
            joinedSequences[i] = String.join(",", sequences.get(i));
            longest = Math.max(longest, sequences.get(i).size());
        }
        actionNames = new String[longest + 1];
        for (int i = 1; i <= longest; i++) {
            actionNames[i] = names[NAME_PREFIX] + DataGenerator.VAR_ACTION + i;
        }
        withRequests = output.requests();
        withScenarios = output.scenarios();
        withUniqueIds = output.uniqueIds();
        faker = new EvalDataFaker(parsed);
    }

    /** The seed of this thread's stream (its iterations derive theirs from it). */
    long streamSeed() {
        return threadStreamSeed;
    }

    /** Generates the next iteration's data and puts it into {@code vars}. */
    void publish(JMeterVariables vars) {
        long iteration = iterations++;
        long stream = Seeds.derive(threadStreamSeed, iteration);
        if (withRequests) {
            faker.reseed(stream);
            putRequest(vars, faker.nextRequestBody());
        }
        if (withScenarios) {
            faker.reseed(Seeds.derive(stream, SCENARIO_STREAM));
            putScenario(vars, withUniqueIds
                    ? faker.nextScenario(Seeds.mix((uniquePrefix | (iteration & 0xFFFFFFFFL)) ^ uniqueScramble),
                            uniqueEngine)
                    : faker.nextScenario(null));
        }
    }

    private void putRequest(JMeterVariables vars, RequestBody request) {
        vars.put(names[0], request.json());
        vars.put(names[1], request.model());
        vars.put(names[2], request.benchmark());
        vars.put(names[3], request.firstPrompt());
        vars.put(names[4], Numbers.text(request.promptCount()));
        vars.put(names[5], request.temperatureText());
        vars.put(names[6], Numbers.text(request.maxTokens()));
        vars.put(names[7], Numbers.text(request.timeout()));
    }

    private void putScenario(JMeterVariables vars, UserScenario scenario) {
        vars.put(names[8], scenario.userId());
        vars.put(names[9], scenario.username());
        vars.put(names[10], Long.toString(scenario.thinkTimeMs()));
        vars.put(names[11], Numbers.text(scenario.sessionDurationS()));
        List<String> actions = scenario.actions();
        int sequence = sequenceIndex(actions);
        vars.put(names[12], sequence < 0 ? String.join(",", actions) : joinedSequences[sequence]);
        vars.put(names[13], Numbers.text(actions.size()));
        for (int i = 0; i < actions.size(); i++) {
            vars.put(actionName(i + 1), actions.get(i));
        }
        // a shorter sequence than the previous one must not leave stale action_N behind (ForEach)
        for (int i = actions.size(); i < previousActionCount; i++) {
            vars.remove(actionName(i + 1));
        }
        previousActionCount = actions.size();
    }

    /** Which configured sequence {@code actions} is (-1 if none: then it is joined afresh). */
    private int sequenceIndex(List<String> actions) {
        for (int i = 0; i < sequences.size(); i++) {
            List<String> candidate = sequences.get(i);
            if (candidate == actions || candidate.equals(actions)) {
                return i;
            }
        }
        return -1;
    }

    /** The name of variable {@code action_<number>}, made once per thread for the configured sequences' lengths. */
    private String actionName(int number) {
        return number < actionNames.length ? actionNames[number]
                : names[NAME_PREFIX] + DataGenerator.VAR_ACTION + number;
    }

    private static String[] variableNames(String prefix, String requestName) {
        return new String[] {prefix + requestName, prefix + DataGenerator.VAR_MODEL,
            prefix + DataGenerator.VAR_BENCHMARK, prefix + DataGenerator.VAR_PROMPT,
            prefix + DataGenerator.VAR_PROMPT_COUNT, prefix + DataGenerator.VAR_TEMPERATURE,
            prefix + DataGenerator.VAR_MAX_TOKENS, prefix + DataGenerator.VAR_TIMEOUT,
            prefix + DataGenerator.VAR_USER_ID, prefix + DataGenerator.VAR_USERNAME,
            prefix + DataGenerator.VAR_THINK_TIME_MS, prefix + DataGenerator.VAR_SESSION_DURATION_S,
            prefix + DataGenerator.VAR_ACTIONS, prefix + DataGenerator.VAR_ACTION_COUNT, prefix};
    }

    /**
     * The engine discriminator of unique user ids ({@value EvalDataFaker#ENGINE_BITS} bits): 0 for
     * no engine id (a single JMeter); the engine id itself when it is a whole number from 0 to
     * {@link EvalDataFaker#MAX_ENGINE} (distinct numbers: distinct ids, guaranteed); otherwise a
     * 58-bit hash of it (a server's host:port: distinct with probability at least
     * 1 - n^2 / 2^59 for n engines).
     */
    static long engineTag(String engine) {
        if (engine.isEmpty()) {
            return 0;
        }
        try {
            long number = Long.parseLong(engine);
            if (number >= 0 && number <= EvalDataFaker.MAX_ENGINE) {
                return number;
            }
        } catch (NumberFormatException e) {
            // not a number: hashed below
        }
        return Seeds.hash(engine) & EvalDataFaker.MAX_ENGINE;
    }
}
