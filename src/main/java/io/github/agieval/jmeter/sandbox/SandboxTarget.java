package io.github.agieval.jmeter.sandbox;

import io.github.agieval.jmeter.common.JMeterVersionCheck;

import io.github.agieval.jmeter.common.InvalidSettingException;
import io.github.agieval.jmeter.common.Settings;

import io.github.agieval.jmeter.common.StartFailure;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.jmeter.config.ConfigTestElement;
import org.apache.jmeter.engine.util.NoConfigMerge;
import org.apache.jmeter.engine.util.NoThreadClone;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testelement.TestStateListener;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * <b>Sandbox Target</b>: decides which AGI Evaluation Sandbox API a plan talks to, and starts the
 * embedded reference sandbox when no target is given.
 *
 * <p>At {@link #testStarted()}: if {@code baseUrl} (by default {@code ${__P(BASE_URL,)}}) is empty,
 * starts an embedded {@link Sandbox} on 127.0.0.1 (ephemeral port unless {@code port} is set), with
 * the configured time factor and faults, and sets JMeter property {@code BASE_URL} to it. Then, in
 * every case, it parses the target URL and sets JMeter properties {@code BASE_URL_PROTOCOL},
 * {@code BASE_URL_HOST}, {@code BASE_URL_PORT} and {@code BASE_URL_PATH} (path prefix without a
 * trailing slash, may be empty), which HTTP Request Defaults read with {@code ${__P(...)}} at
 * sample time. An embedded sandbox's admin secret goes to JMeter property {@value #ADMIN_TOKEN}
 * (taken from it when already set), so a plan or test can switch faults with header
 * {@code X-Admin-Token: ${__P(SANDBOX_ADMIN_TOKEN)}}. {@link #undo()} stops the sandbox it started
 * and gives every property it set its previous value back (or removes it): at
 * {@link #testEnded()}, when a later element refuses to start the test (registered with
 * {@link StartFailure#onFailure}), and at the next {@code testStarted} for the left-overs
 * of a run that never ended (JMeter calls no {@code testEnded} when a later element's
 * {@code testStarted} throws), so a new run (e.g. the GUI's second click) never reuses a stale
 * sandbox. Every setting is checked at each start, also when {@code BASE_URL} is given.
 *
 * <p>Threading and life cycle: JMeter calls {@code TestBeanHelper.prepare} on this element just
 * before {@code testStarted()} (in {@code StandardJMeterEngine.notifyTestListenersOfStart}), so
 * the bean fields already hold the evaluated property values, with {@code ${__P(...)}} functions
 * resolved against the JMeter properties as they are before this element changes them. It is a
 * {@link NoThreadClone}: one instance for the whole test; {@code testStarted}/{@code testEnded}
 * run on the engine thread, and the only runtime state (the started sandbox and the properties it
 * set) lives in transient fields of that one instance (volatile, changed under its monitor, since
 * the left-overs of a run are undone on a later run's engine thread); a static map (synchronized)
 * knows which instances hold such state, and the engine thread of their run. It is a
 * {@link NoConfigMerge} config element, so its properties are never merged into samplers. In distributed mode each engine runs
 * it on its own: an engine without {@code BASE_URL} starts its own embedded sandbox.
 *
 * <p>Every property is read with the suite's {@link Settings} rules (empty means default; durations
 * take units such as {@code 1h} or {@code 50ms} and a bare number is milliseconds; the time factor
 * is a plain number). A bad value (URL, number, latency spec, fault JSON) fails
 * {@code testStarted} with an {@link InvalidSettingException} naming the element, the property and
 * the value, in jmeter.log and on the console; JMeter then
 * starts no thread group, and a headless run exits with {@value StartFailure#EXIT_CODE} ({@link StartFailure}).
 *
 * <p>Put it at the top of the Test Plan, before any other element that reads {@code BASE_URL}
 * in its own {@code testStarted}.
 */
public class SandboxTarget extends ConfigTestElement implements TestBean, TestStateListener, NoThreadClone,
        NoConfigMerge {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SandboxTarget.class);

    /** JMeter properties this element reads and sets. */
    public static final String BASE_URL = "BASE_URL";
    public static final String BASE_URL_PROTOCOL = "BASE_URL_PROTOCOL";
    public static final String BASE_URL_HOST = "BASE_URL_HOST";
    public static final String BASE_URL_PORT = "BASE_URL_PORT";
    public static final String BASE_URL_PATH = "BASE_URL_PATH";

    /** Bean property names (the .jmx property keys). */
    public static final String PROP_BASE_URL = "baseUrl";
    public static final String PROP_PORT = "port";
    public static final String PROP_PASSWORD = "password";
    public static final String PROP_TIME_FACTOR = "timeFactor";
    public static final String PROP_WORKERS = "workers";
    public static final String PROP_QUEUE_CAPACITY = "queueCapacity";
    public static final String PROP_TOKEN_LIFETIME = "tokenLifetime";
    public static final String PROP_LATENCY = "latency";
    public static final String PROP_ERROR_RATE = "errorRate";
    public static final String PROP_DROP_RATE = "dropRate";
    public static final String PROP_JOB_FAILURE_RATE = "jobFailureRate";
    public static final String PROP_JOB_HANG_RATE = "jobHangRate";
    public static final String PROP_FAULTS = "faults";
    public static final String PROP_MAX_CONCURRENT_REQUESTS = "maxConcurrentRequests";
    public static final String PROP_SERVICE_TIME_MS = "serviceTimeMs";
    public static final String PROP_DB_POOL_SIZE = "dbPoolSize";
    public static final String PROP_DB_POOL_EXHAUSTED = "dbPoolExhausted";

    /** Defaults of the bean properties, as the GUI and a new element show them. */
    static final String DEFAULT_BASE_URL = "${__P(BASE_URL,)}";
    static final String DEFAULT_PORT = "${__P(SANDBOX_PORT,0)}";
    static final String DEFAULT_PASSWORD = "${__P(PASSWORD,test-password)}";
    static final String DEFAULT_TIME_FACTOR = "${__P(SANDBOX_TIME_FACTOR,)}";
    static final String DEFAULT_WORKERS = "${__P(SANDBOX_WORKERS,64)}";
    static final String DEFAULT_QUEUE_CAPACITY = "${__P(SANDBOX_QUEUE_CAPACITY,10000)}";
    static final String DEFAULT_TOKEN_LIFETIME = "${__P(SANDBOX_TOKEN_LIFETIME,1h)}";
    static final String DEFAULT_LATENCY = "${__P(SANDBOX_LATENCY,none)}";
    static final String DEFAULT_ERROR_RATE = "${__P(SANDBOX_ERROR_RATE,0)}";
    static final String DEFAULT_DROP_RATE = "${__P(SANDBOX_DROP_RATE,0)}";
    static final String DEFAULT_JOB_FAILURE_RATE = "${__P(SANDBOX_JOB_FAILURE_RATE,0)}";
    static final String DEFAULT_JOB_HANG_RATE = "${__P(SANDBOX_JOB_HANG_RATE,0)}";
    static final String DEFAULT_FAULTS = "${__P(SANDBOX_FAULTS,)}";
    static final String DEFAULT_MAX_CONCURRENT_REQUESTS = "${__P(SANDBOX_MAX_CONCURRENT_REQUESTS,0)}";
    static final String DEFAULT_SERVICE_TIME_MS = "${__P(SANDBOX_SERVICE_TIME_MS,50)}";
    static final String DEFAULT_DB_POOL_SIZE = "${__P(SANDBOX_DB_POOL_SIZE,20)}";
    static final String DEFAULT_DB_POOL_EXHAUSTED = "${__P(SANDBOX_DB_POOL_EXHAUSTED,false)}";

    // bean fields: filled by TestBeanHelper.prepare from the element's properties (null if absent)
    private String baseUrl;
    private String port;
    private String password;
    private String timeFactor;
    private String workers;
    private String queueCapacity;
    private String tokenLifetime;
    private String latency;
    private String errorRate;
    private String dropRate;
    private String jobFailureRate;
    private String jobHangRate;
    private String faults;
    private String maxConcurrentRequests;
    private String serviceTimeMs;
    private String dbPoolSize;
    private String dbPoolExhausted;

    /** JMeter property: the embedded sandbox's admin secret (read if given, else set to the generated one). */
    public static final String ADMIN_TOKEN = "SANDBOX_ADMIN_TOKEN";

    /**
     * Every element that holds a started sandbox or changed properties, with the engine thread of
     * its run. JMeter runs each test on a new engine thread, so an entry of another thread is left
     * over from a run that never ended (a later element's testStarted threw, and JMeter calls no
     * testEnded then).
     */
    private static final Map<SandboxTarget, Thread> HOLDING = Collections.synchronizedMap(new IdentityHashMap<>());

    // runtime state of the one (un-cloned) instance
    // volatile, and changed under this element's monitor: undo may run on a later run's engine thread
    private transient volatile Sandbox sandbox;
    /** Properties this element set, with the value each had before (null: absent); in setting order. */
    private transient volatile Map<String, String> previous;
    /** {@link #undo} registered to run if a later element refuses to start the test. */
    private transient volatile StartFailure.Registration onStartFailure;

    @Override
    public void testStarted() {
        JMeterVersionCheck.requireSupported(Settings.of("Sandbox Target", getName()).element());
        testStarted("local");
    }

    @Override
    public void testStarted(String host) {
        String staleUrl = undoLeftovers();
        SandboxConfig config = embeddedConfig(); // every setting is checked, whether it is used or not
        String url = trim(baseUrl);
        if (staleUrl != null && url.equals(staleUrl)) {
            // ${__P(BASE_URL,)} was evaluated while the left-over BASE_URL was still set
            url = "";
        }
        HOLDING.put(this, Thread.currentThread());
        onStartFailure = StartFailure.onFailure(elementKind() + " '" + getName()
                + "': stop the embedded sandbox and restore the properties it set", this::undo);
        if (url.isEmpty()) {
            try {
                Sandbox started = Sandbox.start(config);
                synchronized (this) {
                    sandbox = started;
                }
            } catch (java.io.UncheckedIOException e) {
                throw fail(PROP_PORT, port, e.getMessage()); // runs the undo registered above
            }
            url = sandbox.baseUrl();
            set(BASE_URL, url);
            set(ADMIN_TOKEN, config.adminToken());
            LOG.info("{} '{}': started the embedded AGI Evaluation Sandbox at {} (time factor {}, faults {}); "
                    + "its admin token is in JMeter property {}", elementKind(), getName(), url, config.timeFactor(),
                    config.faults(), ADMIN_TOKEN);
        }
        Target t;
        try {
            t = parse(url);
        } catch (IllegalArgumentException e) {
            undo();
            throw fail(PROP_BASE_URL + " (JMeter property " + BASE_URL + ")", baseUrl, e.getMessage());
        }
        set(BASE_URL_PROTOCOL, t.protocol());
        set(BASE_URL_HOST, t.host());
        set(BASE_URL_PORT, Integer.toString(t.port()));
        set(BASE_URL_PATH, t.path());
        LOG.info("{} '{}' on {}: target {} (protocol {}, host {}, port {}, path '{}')", elementKind(), getName(), host,
                url, t.protocol(), t.host(), t.port(), t.path());
    }

    @Override
    public void testEnded() {
        testEnded("local");
    }

    @Override
    public void testEnded(String host) {
        undo();
    }

    /**
     * Undoes everything {@link #testStarted} did: stops the embedded sandbox it started and gives
     * every JMeter property it set back its previous value (or removes it). Idempotent; called at
     * test end, when a start fails, and for the left-overs of a run that never ended.
     */
    public synchronized void undo() {
        HOLDING.remove(this);
        StartFailure.Registration r = onStartFailure;
        onStartFailure = null;
        if (r != null) {
            r.close();
        }
        Sandbox s = sandbox;
        sandbox = null;
        if (s != null) {
            String url = s.baseUrl();
            try {
                s.close();
            } finally {
                LOG.info("{} '{}': stopped the embedded sandbox at {}", elementKind(), getName(), url);
            }
        }
        Map<String, String> before = previous;
        previous = null;
        if (before != null) {
            before.forEach((name, value) -> {
                if (value == null) {
                    JMeterUtils.getJMeterProperties().remove(name);
                } else {
                    JMeterUtils.setProperty(name, value);
                }
            });
        }
    }

    /**
     * Undoes the left-overs of runs that never ended (this element's own, and any of an earlier
     * engine thread), so a new run never reuses a stale sandbox. Returns the URL of a stopped
     * left-over sandbox of this element, or null.
     */
    private String undoLeftovers() {
        Sandbox own = sandbox;
        String staleUrl = own == null ? null : own.baseUrl();
        Thread current = Thread.currentThread();
        Map<SandboxTarget, Thread> holding;
        synchronized (HOLDING) {
            holding = new IdentityHashMap<>(HOLDING);
        }
        for (Map.Entry<SandboxTarget, Thread> e : holding.entrySet()) {
            SandboxTarget other = e.getKey();
            if (other == this || e.getValue() != current) {
                Sandbox left = other.sandbox;
                if (left != null) {
                    if (other != this && staleUrl == null) {
                        staleUrl = left.baseUrl();
                    }
                    LOG.warn("{} '{}': stopping the embedded sandbox at {} left over from a run that did not end",
                            elementKind(), other.getName(), left.baseUrl());
                }
                other.undo();
            }
        }
        return staleUrl;
    }

    /** Sets JMeter property {@code name}, remembering its value before this run for {@link #undo}. */
    private synchronized void set(String name, String value) {
        if (previous == null) {
            previous = new LinkedHashMap<>();
        }
        if (!previous.containsKey(name)) {
            previous.put(name, JMeterUtils.getProperty(name));
        }
        JMeterUtils.setProperty(name, value);
    }

    /** The embedded sandbox's start-up configuration, from the bean properties. */
    SandboxConfig embeddedConfig() {
        try {
            return SandboxTargetSettings.read(this, settings());
        } catch (InvalidSettingException e) {
            throw StartFailure.report(LOG, e);
        }
    }

    private Settings settings() {
        return Settings.of(elementKind(), getName());
    }

    /** A parsed target URL. */
    record Target(String protocol, String host, int port, String path) {
    }

    /** Parses {@code http(s)://host[:port][/path]}; the path loses its trailing slash. */
    static Target parse(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("expected http://host[:port][/path] or https://..., the scheme is '"
                    + (u.getScheme() == null ? "" : u.getScheme()) + "'");
        }
        String host = u.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host in it");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("it must not have user info, a query or a fragment");
        }
        int p = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Target(scheme, host, p, path);
    }

    /** The start failure for {@code property} = {@code value}, reported (named element, property and value). */
    private IllegalArgumentException fail(String property, String value, String why) {
        return StartFailure.report(LOG, settings().bad(property, value, why));
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    private static String elementKind() {
        return "Sandbox Target";
    }

    /** The embedded sandbox this element started, or null. */
    Sandbox embedded() {
        return sandbox;
    }

    // ---- bean accessors (names must match the BeanInfo) ----

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getPort() {
        return port;
    }

    public void setPort(String port) {
        this.port = port;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getTimeFactor() {
        return timeFactor;
    }

    public void setTimeFactor(String timeFactor) {
        this.timeFactor = timeFactor;
    }

    public String getWorkers() {
        return workers;
    }

    public void setWorkers(String workers) {
        this.workers = workers;
    }

    public String getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(String queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public String getTokenLifetime() {
        return tokenLifetime;
    }

    public void setTokenLifetime(String tokenLifetime) {
        this.tokenLifetime = tokenLifetime;
    }

    public String getLatency() {
        return latency;
    }

    public void setLatency(String latency) {
        this.latency = latency;
    }

    public String getErrorRate() {
        return errorRate;
    }

    public void setErrorRate(String errorRate) {
        this.errorRate = errorRate;
    }

    public String getDropRate() {
        return dropRate;
    }

    public void setDropRate(String dropRate) {
        this.dropRate = dropRate;
    }

    public String getJobFailureRate() {
        return jobFailureRate;
    }

    public void setJobFailureRate(String jobFailureRate) {
        this.jobFailureRate = jobFailureRate;
    }

    public String getJobHangRate() {
        return jobHangRate;
    }

    public void setJobHangRate(String jobHangRate) {
        this.jobHangRate = jobHangRate;
    }

    public String getFaults() {
        return faults;
    }

    public void setFaults(String faults) {
        this.faults = faults;
    }

    public String getMaxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public void setMaxConcurrentRequests(String maxConcurrentRequests) {
        this.maxConcurrentRequests = maxConcurrentRequests;
    }

    public String getServiceTimeMs() {
        return serviceTimeMs;
    }

    public void setServiceTimeMs(String serviceTimeMs) {
        this.serviceTimeMs = serviceTimeMs;
    }

    public String getDbPoolSize() {
        return dbPoolSize;
    }

    public void setDbPoolSize(String dbPoolSize) {
        this.dbPoolSize = dbPoolSize;
    }

    public String getDbPoolExhausted() {
        return dbPoolExhausted;
    }

    public void setDbPoolExhausted(String dbPoolExhausted) {
        this.dbPoolExhausted = dbPoolExhausted;
    }
}
