package io.github.agieval.jmeter.datagen;

import io.github.agieval.jmeter.common.InvalidSettingException;
import io.github.agieval.jmeter.common.JMeterVersionCheck;

import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.jmeter.config.ConfigTestElement;
import org.apache.jmeter.engine.event.LoopIterationEvent;
import org.apache.jmeter.engine.event.LoopIterationListener;
import org.apache.jmeter.engine.util.NoConfigMerge;
import org.apache.jmeter.gui.TestElementMetadata;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testbeans.TestBeanHelper;
import org.apache.jmeter.testelement.TestStateListener;
import org.apache.jmeter.testelement.ThreadListener;
import org.apache.jmeter.testelement.property.NullProperty;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.PostThreadGroup;
import org.apache.jmeter.threads.SetupThreadGroup;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.agieval.jmeter.common.HeadlessExit;
import io.github.agieval.jmeter.common.Settings;
import io.github.agieval.jmeter.common.StartFailure;

/**
 * Config element <b>AGI Data Generator</b>: at the start of every iteration of the controller
 * it sits under (normally the thread group), puts a fresh evaluation request and user scenario
 * into the thread's JMeter variables.
 *
 * <p><b>Threading model:</b> the element is cloned per thread (it is not {@code NoThreadClone}).
 * Its configuration lives in JMeter properties (TestBean fields refilled from them); each clone
 * builds its own {@link ThreadDataStream} (its {@link EvalDataFaker} with the reused body buffer,
 * its seeds and variable names) once, in {@link #threadStarted()}, keeps it in a transient field
 * and lets it publish every iteration's variables; this class keeps the settings, the seed of the
 * run and the thread's place in the test;
 * nothing is shared between threads except immutable data: the word table of the locale's
 * vocabulary ({@code WordTable}, one per JVM) and the number texts.
 *
 * <p><b>Reproducibility:</b> the values of an iteration are a pure function of the base seed,
 * the engine id, the thread group (setUp/main/tearDown, number and name), the thread number
 * and the element's own iteration count in that thread, so thread scheduling does not matter.
 * The base seed is the {@code seed} property, or, when it is empty, a random seed drawn once
 * per test in {@link #testStarted()} and logged so that a run can be replayed. The engine id is
 * the JMeter property {@value #ENGINE_ID_PROPERTY} when set, otherwise, on a
 * {@code jmeter-server}, the host:port the controller addressed it by, otherwise empty.
 *
 * <p><b>Bad settings</b> fail {@link #testStarted()} with a message naming the element, the
 * property and the value (in jmeter.log and on the console), so the test never starts, and a
 * headless run exits with {@value StartFailure#EXIT_CODE} ({@link StartFailure}); a setting that
 * only a thread's variables make bad stops the test at {@link #threadStarted()}, with the same
 * exit code.
 */
@TestElementMetadata(labelResource = "displayName")
public class DataGenerator extends ConfigTestElement
        implements TestBean, LoopIterationListener, NoConfigMerge, ThreadListener, TestStateListener {

    private static final long serialVersionUID = 1L;

    private static final Logger log = LoggerFactory.getLogger(DataGenerator.class);

    /**
     * JMeter property naming this engine; a whole number from 0 to 2^58-1 also makes unique user
     * ids provably collision-free across engines (each engine its own number).
     */
    public static final String ENGINE_ID_PROPERTY = "datagen.engine_id";

    /** The element's kind, as messages name it. */
    static final String KIND = "AGI Data Generator";

    /** Run-time only property carrying the random seed drawn in testStarted to the thread clones. */
    static final String RUN_SEED = "DataGenerator.runSeed";

    // TestBean property names (JMX keys) besides those of GeneratorSettings
    public static final String VARIABLE_PREFIX = "variablePrefix";
    public static final String REQUEST_VARIABLE = "requestVariable";
    public static final String GENERATE_REQUESTS = "generateRequests";
    public static final String GENERATE_SCENARIOS = "generateScenarios";
    public static final String UNIQUE_USER_IDS = "uniqueUserIds";

    public static final String DEFAULT_REQUEST_VARIABLE = "eval_request";

    // Exported variable names (before the prefix)
    public static final String VAR_MODEL = "model";
    public static final String VAR_BENCHMARK = "benchmark";
    public static final String VAR_PROMPT = "prompt";
    public static final String VAR_PROMPT_COUNT = "prompt_count";
    public static final String VAR_TEMPERATURE = "temperature";
    public static final String VAR_MAX_TOKENS = "max_tokens";
    public static final String VAR_TIMEOUT = "timeout";
    public static final String VAR_USER_ID = "user_id";
    public static final String VAR_USERNAME = "username";
    public static final String VAR_THINK_TIME_MS = "think_time_ms";
    public static final String VAR_SESSION_DURATION_S = "session_duration_s";
    public static final String VAR_ACTIONS = "actions";
    public static final String VAR_ACTION = "action_";
    public static final String VAR_ACTION_COUNT = "action_count";

    private static final Pattern THREAD_NAME = Pattern.compile("(\\d+)-(\\d+)$");
    private static final SecureRandom SEED_SOURCE = new SecureRandom();

    // ---- TestBean fields: filled from the properties by TestBeanHelper
    private String variablePrefix = "";
    private String requestVariable = DEFAULT_REQUEST_VARIABLE;
    private boolean generateRequests = true;
    private boolean generateScenarios = true;
    private boolean uniqueUserIds = false;
    private String models = GeneratorSettings.defaultValue(GeneratorSettings.MODELS);
    private String benchmarks = GeneratorSettings.defaultValue(GeneratorSettings.BENCHMARKS);
    private String promptsMin = GeneratorSettings.defaultValue(GeneratorSettings.PROMPTS_MIN);
    private String promptsMax = GeneratorSettings.defaultValue(GeneratorSettings.PROMPTS_MAX);
    private String promptCharsMin = GeneratorSettings.defaultValue(GeneratorSettings.PROMPT_CHARS_MIN);
    private String promptCharsMax = GeneratorSettings.defaultValue(GeneratorSettings.PROMPT_CHARS_MAX);
    private String vocabulary = GeneratorSettings.defaultValue(GeneratorSettings.VOCABULARY);
    private String temperatureMin = GeneratorSettings.defaultValue(GeneratorSettings.TEMPERATURE_MIN);
    private String temperatureMax = GeneratorSettings.defaultValue(GeneratorSettings.TEMPERATURE_MAX);
    private String maxTokensMin = GeneratorSettings.defaultValue(GeneratorSettings.MAX_TOKENS_MIN);
    private String maxTokensMax = GeneratorSettings.defaultValue(GeneratorSettings.MAX_TOKENS_MAX);
    private String timeoutMin = GeneratorSettings.defaultValue(GeneratorSettings.TIMEOUT_MIN);
    private String timeoutMax = GeneratorSettings.defaultValue(GeneratorSettings.TIMEOUT_MAX);
    private String thinkTimeMinMs = GeneratorSettings.defaultValue(GeneratorSettings.THINK_TIME_MIN_MS);
    private String thinkTimeMaxMs = GeneratorSettings.defaultValue(GeneratorSettings.THINK_TIME_MAX_MS);
    private String sessionMinS = GeneratorSettings.defaultValue(GeneratorSettings.SESSION_MIN_S);
    private String sessionMaxS = GeneratorSettings.defaultValue(GeneratorSettings.SESSION_MAX_S);
    private String actionSequences = GeneratorSettings.defaultValue(GeneratorSettings.ACTION_SEQUENCES);
    private String locale = GeneratorSettings.defaultValue(GeneratorSettings.LOCALE);
    private String seed = GeneratorSettings.defaultValue(GeneratorSettings.SEED);

    // ---- per-thread run-time state of this clone: the thread's data stream (null: none, bad settings)
    private transient ThreadDataStream stream;

    /**
     * The settings as configured, parsed and validated.
     *
     * @throws InvalidSettingException naming the bad property and value
     */
    GeneratorSettings settings() {
        return GeneratorSettings.builder(Settings.of(KIND, getName()).element())
                .set(GeneratorSettings.MODELS, configured(GeneratorSettings.MODELS, models))
                .set(GeneratorSettings.BENCHMARKS, configured(GeneratorSettings.BENCHMARKS, benchmarks))
                .set(GeneratorSettings.PROMPTS_MIN, configured(GeneratorSettings.PROMPTS_MIN, promptsMin))
                .set(GeneratorSettings.PROMPTS_MAX, configured(GeneratorSettings.PROMPTS_MAX, promptsMax))
                .set(GeneratorSettings.PROMPT_CHARS_MIN, configured(GeneratorSettings.PROMPT_CHARS_MIN, promptCharsMin))
                .set(GeneratorSettings.PROMPT_CHARS_MAX, configured(GeneratorSettings.PROMPT_CHARS_MAX, promptCharsMax))
                .set(GeneratorSettings.VOCABULARY, configured(GeneratorSettings.VOCABULARY, vocabulary))
                .set(GeneratorSettings.TEMPERATURE_MIN, configured(GeneratorSettings.TEMPERATURE_MIN, temperatureMin))
                .set(GeneratorSettings.TEMPERATURE_MAX, configured(GeneratorSettings.TEMPERATURE_MAX, temperatureMax))
                .set(GeneratorSettings.MAX_TOKENS_MIN, configured(GeneratorSettings.MAX_TOKENS_MIN, maxTokensMin))
                .set(GeneratorSettings.MAX_TOKENS_MAX, configured(GeneratorSettings.MAX_TOKENS_MAX, maxTokensMax))
                .set(GeneratorSettings.TIMEOUT_MIN, configured(GeneratorSettings.TIMEOUT_MIN, timeoutMin))
                .set(GeneratorSettings.TIMEOUT_MAX, configured(GeneratorSettings.TIMEOUT_MAX, timeoutMax))
                .set(GeneratorSettings.THINK_TIME_MIN_MS, configured(GeneratorSettings.THINK_TIME_MIN_MS, thinkTimeMinMs))
                .set(GeneratorSettings.THINK_TIME_MAX_MS, configured(GeneratorSettings.THINK_TIME_MAX_MS, thinkTimeMaxMs))
                .set(GeneratorSettings.SESSION_MIN_S, configured(GeneratorSettings.SESSION_MIN_S, sessionMinS))
                .set(GeneratorSettings.SESSION_MAX_S, configured(GeneratorSettings.SESSION_MAX_S, sessionMaxS))
                .set(GeneratorSettings.ACTION_SEQUENCES, configured(GeneratorSettings.ACTION_SEQUENCES, actionSequences))
                .set(GeneratorSettings.LOCALE, configured(GeneratorSettings.LOCALE, locale))
                .set(GeneratorSettings.SEED, configured(GeneratorSettings.SEED, seed))
                .build();
    }

    /**
     * The value of a text property, or {@code null} ("the default") when the plan does not hold
     * the property (a hand-written or older .jmx) or holds it empty or blank: JMeter's TestBean
     * GUI writes "" for every property the .jmx lacks, and TestBeanHelper turns a missing property
     * into "" too, so an empty value always means the default.
     */
    private String configured(String key, String field) {
        if (getProperty(key) instanceof NullProperty || field == null || field.isBlank()) {
            return null;
        }
        return field;
    }

    /**
     * A switch, read by the suite's {@link Settings} rules: its default when absent or empty,
     * {@code true}/{@code false} in any case, else a bad setting (TestBeanHelper alone would read
     * "yes" as false). The raw property text is read, not the field TestBeanHelper filled.
     */
    private boolean flag(String key, boolean defaultValue) {
        String raw = getProperty(key) instanceof NullProperty ? null : getPropertyAsString(key);
        return Settings.of(KIND, getName()).bool(key, raw, defaultValue);
    }

    private String requestVariableName() {
        String name = configured(REQUEST_VARIABLE, requestVariable);
        return name == null ? DEFAULT_REQUEST_VARIABLE : name.trim();
    }

    private boolean requests() {
        return flag(GENERATE_REQUESTS, true);
    }

    private boolean scenarios() {
        return flag(GENERATE_SCENARIOS, true);
    }

    private boolean unique() {
        return flag(UNIQUE_USER_IDS, false);
    }

    /** Validates every setting; throws the message that names element, property and value. */
    private GeneratorSettings checkedSettings() {
        try {
            GeneratorSettings parsed = settings();
            boolean requests = requests(); // each switch checked, none short-circuited
            boolean scenarios = scenarios();
            unique();
            if (!requests && !scenarios) {
                throw new InvalidSettingException(Settings.of(KIND, getName()).element(), GENERATE_REQUESTS, "false",
                        "and " + GENERATE_SCENARIOS + " are both false: the element would generate nothing");
            }
            return parsed;
        } catch (InvalidSettingException e) {
            throw new IllegalStateException(e.getMessage(), e); // names the element, the property and the value
        }
    }

    // ---------------------------------------------------------------- TestStateListener

    @Override
    public void testStarted() {
        JMeterVersionCheck.requireSupported(Settings.of("AGI Data Generator", getName()).element());
        testStarted("");
    }

    @Override
    public void testStarted(String host) {
        GeneratorSettings parsed;
        try {
            parsed = checkedSettings();
        } catch (IllegalStateException e) {
            throw StartFailure.report(log, e.getMessage() + " - the test does not start", e);
        }
        String engine = engineId();
        if (parsed.seed() != null) {
            removeProperty(RUN_SEED);
            log.info("AGI Data Generator '{}': seed {} (configured), engine id '{}'", getName(), parsed.seed(), engine);
        } else {
            long runSeed = SEED_SOURCE.nextLong();
            setProperty(RUN_SEED, Long.toString(runSeed));
            log.info("AGI Data Generator '{}': seed {} (random; set seed={} to replay this run's data), engine id '{}'",
                    getName(), runSeed, runSeed, engine);
        }
    }

    @Override
    public void testEnded() {
        testEnded("");
    }

    @Override
    public void testEnded(String host) {
        removeProperty(RUN_SEED);
    }

    // ---------------------------------------------------------------- ThreadListener

    @Override
    public void threadStarted() {
        TestBeanHelper.prepare(this);
        JMeterContext context = JMeterContextService.getContext();
        GeneratorSettings parsed;
        try {
            parsed = checkedSettings();
        } catch (IllegalStateException e) {
            // settings that depend on per-thread variables can only be checked here
            log.error("{} - stopping the test", e.getMessage());
            HeadlessExit.exitWhenJMeterIsDone(StartFailure.EXIT_CODE);
            stream = null;
            if (context.getEngine() != null) {
                context.getEngine().stopTest(true);
            }
            return;
        }
        long baseSeed = baseSeed(parsed);
        String engine = engineId();
        AbstractThreadGroup group = context.getThreadGroup();
        int phase = group instanceof SetupThreadGroup ? 1 : group instanceof PostThreadGroup ? 2 : 0;
        String groupName = group == null ? "" : group.getName();
        int groupNumber = groupNumber(context);
        int threadNum = context.getThreadNum();
        boolean withUniqueIds = unique();
        if (withUniqueIds && (groupNumber > ThreadDataStream.MAX_GROUP || threadNum > ThreadDataStream.MAX_THREAD)) {
            log.warn("AGI Data Generator '{}': thread {} of group {} is beyond the {} groups x {} threads for which"
                    + " unique user ids are guaranteed; its ids may repeat another thread's", getName(), threadNum,
                    groupNumber, ThreadDataStream.MAX_GROUP + 1, ThreadDataStream.MAX_THREAD + 1);
        }
        stream = new ThreadDataStream(parsed, baseSeed,
                new ThreadDataStream.ThreadPosition(engine, phase, groupNumber, groupName, threadNum),
                new ThreadDataStream.Output(nullToEmpty(variablePrefix).trim(), requestVariableName(), requests(),
                        scenarios(), withUniqueIds));
        log.debug("AGI Data Generator '{}': thread {} of group {} '{}' uses stream {}", getName(), threadNum,
                groupNumber, groupName, stream.streamSeed());
    }

    @Override
    public void threadFinished() {
        stream = null;
    }

    // ---------------------------------------------------------------- LoopIterationListener

    @Override
    public void iterationStart(LoopIterationEvent iterEvent) {
        if (stream == null) {
            return; // bad settings: the test is being stopped
        }
        stream.publish(JMeterContextService.getContext().getVariables());
    }

    private long baseSeed(GeneratorSettings parsed) {
        if (parsed.seed() != null) {
            return parsed.seed();
        }
        String run = getPropertyAsString(RUN_SEED, "");
        if (!run.isEmpty()) {
            return Long.parseLong(run);
        }
        long random = SEED_SOURCE.nextLong();
        log.warn("AGI Data Generator '{}': no seed from testStarted, thread uses random seed {}", getName(), random);
        return random;
    }

    /** This engine's id: property {@value #ENGINE_ID_PROPERTY}, else a server's host:port, else empty. */
    static String engineId() {
        String configured = JMeterUtils.getPropDefault(ENGINE_ID_PROPERTY, "").trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        return JMeterUtils.getPropDefault(JMeterUtils.THREAD_GROUP_DISTRIBUTED_PREFIX_PROPERTY_NAME, "").trim();
    }

    /** The engine discriminator of unique user ids: see {@link ThreadDataStream#engineTag}. */
    static long engineTag(String engine) {
        return ThreadDataStream.engineTag(engine);
    }

    /** The thread group's number, from JMeter's thread name "<group> <groupNumber>-<threadNumber>". */
    private static int groupNumber(JMeterContext context) {
        if (context.getThread() == null) {
            return 0;
        }
        Matcher m = THREAD_NAME.matcher(context.getThread().getThreadName());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    // ---------------------------------------------------------------- TestBean accessors

    public String getVariablePrefix() {
        return variablePrefix;
    }

    public void setVariablePrefix(String variablePrefix) {
        this.variablePrefix = variablePrefix;
    }

    public String getRequestVariable() {
        return requestVariable;
    }

    public void setRequestVariable(String requestVariable) {
        this.requestVariable = requestVariable;
    }

    public boolean getGenerateRequests() {
        return generateRequests;
    }

    public void setGenerateRequests(boolean generateRequests) {
        this.generateRequests = generateRequests;
    }

    public boolean getGenerateScenarios() {
        return generateScenarios;
    }

    public void setGenerateScenarios(boolean generateScenarios) {
        this.generateScenarios = generateScenarios;
    }

    public boolean getUniqueUserIds() {
        return uniqueUserIds;
    }

    public void setUniqueUserIds(boolean uniqueUserIds) {
        this.uniqueUserIds = uniqueUserIds;
    }

    public String getModels() {
        return models;
    }

    public void setModels(String models) {
        this.models = models;
    }

    public String getBenchmarks() {
        return benchmarks;
    }

    public void setBenchmarks(String benchmarks) {
        this.benchmarks = benchmarks;
    }

    public String getPromptsMin() {
        return promptsMin;
    }

    public void setPromptsMin(String promptsMin) {
        this.promptsMin = promptsMin;
    }

    public String getPromptsMax() {
        return promptsMax;
    }

    public void setPromptsMax(String promptsMax) {
        this.promptsMax = promptsMax;
    }

    public String getPromptCharsMin() {
        return promptCharsMin;
    }

    public void setPromptCharsMin(String promptCharsMin) {
        this.promptCharsMin = promptCharsMin;
    }

    public String getPromptCharsMax() {
        return promptCharsMax;
    }

    public void setPromptCharsMax(String promptCharsMax) {
        this.promptCharsMax = promptCharsMax;
    }

    public String getVocabulary() {
        return vocabulary;
    }

    public void setVocabulary(String vocabulary) {
        this.vocabulary = vocabulary;
    }

    public String getTemperatureMin() {
        return temperatureMin;
    }

    public void setTemperatureMin(String temperatureMin) {
        this.temperatureMin = temperatureMin;
    }

    public String getTemperatureMax() {
        return temperatureMax;
    }

    public void setTemperatureMax(String temperatureMax) {
        this.temperatureMax = temperatureMax;
    }

    public String getMaxTokensMin() {
        return maxTokensMin;
    }

    public void setMaxTokensMin(String maxTokensMin) {
        this.maxTokensMin = maxTokensMin;
    }

    public String getMaxTokensMax() {
        return maxTokensMax;
    }

    public void setMaxTokensMax(String maxTokensMax) {
        this.maxTokensMax = maxTokensMax;
    }

    public String getTimeoutMin() {
        return timeoutMin;
    }

    public void setTimeoutMin(String timeoutMin) {
        this.timeoutMin = timeoutMin;
    }

    public String getTimeoutMax() {
        return timeoutMax;
    }

    public void setTimeoutMax(String timeoutMax) {
        this.timeoutMax = timeoutMax;
    }

    public String getThinkTimeMinMs() {
        return thinkTimeMinMs;
    }

    public void setThinkTimeMinMs(String thinkTimeMinMs) {
        this.thinkTimeMinMs = thinkTimeMinMs;
    }

    public String getThinkTimeMaxMs() {
        return thinkTimeMaxMs;
    }

    public void setThinkTimeMaxMs(String thinkTimeMaxMs) {
        this.thinkTimeMaxMs = thinkTimeMaxMs;
    }

    public String getSessionMinS() {
        return sessionMinS;
    }

    public void setSessionMinS(String sessionMinS) {
        this.sessionMinS = sessionMinS;
    }

    public String getSessionMaxS() {
        return sessionMaxS;
    }

    public void setSessionMaxS(String sessionMaxS) {
        this.sessionMaxS = sessionMaxS;
    }

    public String getActionSequences() {
        return actionSequences;
    }

    public void setActionSequences(String actionSequences) {
        this.actionSequences = actionSequences;
    }

    public String getLocale() {
        return locale;
    }

    public void setLocale(String locale) {
        this.locale = locale;
    }

    public String getSeed() {
        return seed;
    }

    public void setSeed(String seed) {
        this.seed = seed;
    }
}
