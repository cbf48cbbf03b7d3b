package io.github.agieval.jmeter.sampler;

import io.github.agieval.jmeter.common.InvalidSettingException;
import io.github.agieval.jmeter.common.Settings;
import io.github.agieval.jmeter.common.StartFailure;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.engine.event.LoopIterationEvent;
import org.apache.jmeter.protocol.http.control.HeaderManager;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.protocol.http.sampler.HTTPSamplerBase;
import org.apache.jmeter.samplers.Interruptible;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.testelement.property.NullProperty;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every Evaluation API sampler shares: JMeter's HttpClient 4 stack (through
 * {@link Hc4Bridge}), the base path, the per-user {@link AuthSession} with one re-login and retry
 * on 401, the API's error shape turned into failure messages, and the masking of secrets in
 * every result it returns.
 *
 * <p>The server comes from the stock properties {@code HTTPSampler.protocol/domain/port}, left
 * empty by default so that HTTP Request Defaults fill them, exactly as for HTTP Request. Header,
 * Cookie, Auth, Cache and DNS managers in scope apply too; the sampler adds {@code Accept},
 * {@code Content-Type: application/json} for a body and {@code Authorization: Bearer} for the
 * user's token, which take precedence over the same headers of a Header Manager. Parameters of
 * HTTP Request Defaults are not sent: the body is the API's JSON.
 *
 * <p>A sample is one request, unless the token expired: then the answer 401 is followed by a
 * re-login with the credentials the session remembers and one retry. The result is then a
 * parent sample labelled as the sampler, holding the retry's answer, with three sub-results in
 * the order they happened: {@code <label> (token expired)} (the 401, counted successful as the
 * expected part of the protocol), {@code <login label> (re-login)} and {@code <label> (retry)}.
 *
 * <p>Redirects are followed by JMeter ({@code HTTPSamplerBase.followRedirects}), "Redirect
 * Automatically" included, and every hop's origin is checked ({@link Origin}): credentials (the
 * bearer token, Authorization and Cookie headers, a password body) go only to the origin of the
 * request. An empty property means its default; switches take true/false only ({@link #flag}).
 *
 * <p>This class is the template method (settings, {@link #sample()}, one exchange, the
 * {@code HTTPSamplerBase} hooks JMeter's HTTP implementation reads); its parts are named classes:
 * {@link OutgoingRequest} (the request being sent: path, JSON body, merged headers, origin),
 * {@link Relogin} (the 401, re-login and retry), {@link ApiResults} (filling, labelling and masking
 * results) and {@link ApiContract} (expected status, the API's error shape, the login exchange).
 *
 * <p>Threading: JMeter clones the sampler per thread. Configuration lives in properties; the
 * HTTP implementation, the request being sent and the merged header manager are transient
 * per-clone fields, so nothing is shared between threads. The session lives in the thread's
 * variables.
 */
public abstract class ApiSampler extends HTTPSamplerBase implements Interruptible {

    private static final long serialVersionUID = 1L;

    /** Path prefix of an API deployed under a path, e.g. {@code /eval}; default: property BASE_URL_PATH. */
    public static final String BASE_PATH = "AgiApi.base_path";
    /** Whether a 401 on an authenticated request triggers one re-login and retry (default true). */
    public static final String RELOGIN_ON_401 = "AgiApi.relogin_on_401";

    /** Default of {@link #BASE_PATH} as the GUI writes it. */
    public static final String DEFAULT_BASE_PATH = "${__P(BASE_URL_PATH,)}";
    /** JMeter property read when the element has no {@link #BASE_PATH} at all. */
    public static final String BASE_URL_PATH_PROPERTY = "BASE_URL_PATH";

    /** Name of the assertion result carrying a contract failure (shown in the JTL's failureMessage). */
    public static final String CONTRACT_ASSERTION = "API contract";

    public static final String LABEL_EXPIRED = " (token expired)";
    public static final String LABEL_RELOGIN = " (re-login)";
    public static final String LABEL_RETRY = " (retry)";

    /** Response code of a redirect hop that was not sent because it would carry credentials elsewhere. */
    public static final String REDIRECT_NOT_FOLLOWED = "Redirect not followed";

    static final String LOGIN_PATH = "/auth/login";
    static final String ACCESS_TOKEN = "access_token";

    private static final Logger LOG = LoggerFactory.getLogger(ApiSampler.class);

    private transient Hc4Bridge bridge;
    /** The request being sent, read back by the HTTPSamplerBase getters below; null between exchanges. */
    private transient OutgoingRequest current;
    /** The header manager of the last exchange, refilled by the next one. */
    private transient HeaderManager headerBuffer;
    /** The body argument of the last exchange with a body, refilled by the next one (a fresh pair per request showed in profiles). */
    private transient Arguments bodyBuffer;

    protected ApiSampler() {
        super();
        setUseKeepAlive(true);
        setFollowRedirects(true);
    }

    // ---------------------------------------------------------------- what subclasses say

    /**
     * The request for this sample. Throw {@link IllegalArgumentException} with a message naming the
     * property and the bad value for a configuration error: the sample then fails without a request.
     */
    protected abstract ApiRequest buildRequest(JMeterVariables vars);

    /**
     * Checks the final answer against the API contract and exports variables.
     *
     * @return {@code null} when the answer is as expected, else the failure message
     */
    protected abstract String checkAndExport(Exchange exchange, long startedAt, JMeterVariables vars);

    /** Called when the sample failed before or after the request, to reset exported variables. */
    protected void onFailure(JMeterVariables vars) {
    }

    // ---------------------------------------------------------------- properties

    /** The base path; an element without the property, or with it empty, uses JMeter property BASE_URL_PATH. */
    public String getBasePath() {
        JMeterProperty p = getProperty(BASE_PATH);
        if (p == null || p instanceof NullProperty || p.getStringValue().isBlank()) {
            return JMeterUtils.getPropDefault(BASE_URL_PATH_PROPERTY, "");
        }
        return p.getStringValue();
    }

    public void setBasePath(String basePath) {
        setProperty(BASE_PATH, basePath);
    }

    /**
     * Re-login once on 401: {@code true}/{@code false} in any case, empty = {@code true}; another
     * value ({@code yes}) throws the suite's {@link InvalidSettingException}.
     */
    public boolean getReloginOn401() {
        return flag(RELOGIN_ON_401, true);
    }

    /** The element as messages name it: its kind (the GUI's name) and its name. */
    protected Settings settings() {
        return Settings.of(kind(), getName());
    }

    /** The kind of sampler as the GUI names it, e.g. {@code AGI Eval Login}. */
    protected abstract String kind();

    /**
     * The text of property {@code key}, or {@code def} when the element does not hold it or holds
     * it empty or blank (the suite's rule: empty means default).
     */
    protected final String setting(String key, String def) {
        String v = getPropertyAsString(key, null);
        return v == null || v.isBlank() ? def : v;
    }

    /** A switch: {@code true}/{@code false} in any case, empty = {@code def}, anything else an error. */
    protected final boolean flag(String key, boolean def) {
        JMeterProperty p = getProperty(key);
        return settings().bool(key, p instanceof NullProperty ? null : p.getStringValue(), def);
    }

    public void setReloginOn401(boolean relogin) {
        setProperty(RELOGIN_ON_401, relogin, true);
    }

    /** The variable name in property {@code key}, or {@code def} when it is empty. */
    final String variableName(String key, String def) {
        return setting(key, def).trim();
    }

    /** The base path in canonical form: empty, or starting with '/' and not ending with '/'. */
    static String normalizeBasePath(String basePath) {
        if (basePath == null) {
            return "";
        }
        String p = basePath.trim();
        int end = p.length();
        while (end > 0 && p.charAt(end - 1) == '/') {
            end--;
        }
        if (end == 0) {
            return "";
        }
        p = p.substring(0, end);
        return p.charAt(0) == '/' ? p : "/" + p;
    }

    /** Full path (base path + endpoint path) of the login endpoint as this sampler sees it. */
    final String loginPath() {
        return normalizeBasePath(getBasePath()) + LOGIN_PATH;
    }

    // ---------------------------------------------------------------- test start

    /**
     * Checks the settings that do not depend on thread variables before any thread starts: a bad
     * one fails the start (exit code 1 in a headless run) with a message naming the element, the
     * property and the value. What still holds {@code ${...}} is checked per sample.
     */
    @Override
    public void testStarted() {
        super.testStarted();
        try {
            checkAtStart();
        } catch (InvalidSettingException e) {
            throw StartFailure.report(LOG, e);
        } catch (IllegalArgumentException e) {
            throw StartFailure.report(LOG, new IllegalArgumentException(settings().element() + ": " + e.getMessage(), e));
        }
    }

    @Override
    public void testStarted(String host) {
        testStarted();
    }

    /** The test-start checks of {@link #testStarted()}; subclasses add theirs. */
    protected void checkAtStart() {
        for (String key : new String[] {RELOGIN_ON_401, FOLLOW_REDIRECTS, AUTO_REDIRECTS, USE_KEEPALIVE}) {
            if (isLiteral(key)) {
                flag(key, false);
            }
        }
    }

    /** Whether property {@code key} holds a value that no thread variable can change. */
    protected final boolean isLiteral(String key) {
        JMeterProperty p = getProperty(key);
        return !(p instanceof NullProperty) && !p.getStringValue().contains("${");
    }

    // ---------------------------------------------------------------- the sample

    @Override
    public SampleResult sample() {
        JMeterVariables vars = JMeterContextService.getContext().getVariables();
        ApiRequest request;
        try {
            if (getDomain().isEmpty()) {
                throw new IllegalArgumentException("no server: property " + DOMAIN
                        + " is empty and no HTTP Request Defaults in scope set it");
            }
            getReloginOn401(); // a bad switch fails here, before any request
            getFollowRedirects();
            getUseKeepAlive();
            request = buildRequest(vars);
        } catch (InvalidSettingException e) {
            onFailure(vars);
            return ApiResults.configurationFailure(getName(), e.getMessage(), e.getMessage()); // names the element already
        } catch (IllegalArgumentException e) {
            onFailure(vars);
            return ApiResults.configurationFailure(getName(), e.getMessage(), getName() + ": " + e.getMessage());
        }
        AuthSession session = request.authenticated ? AuthSession.of(vars) : null;
        Exchange first = exchange(request, session == null ? null : session.token(), getName());
        if (first.status != 401 || session == null || !getReloginOn401()) {
            String failure = checkAndExport(first, first.result.getStartTime(), vars);
            if (failure != null && first.status == 401 && request.authenticated && session == null) {
                failure = failure + " (no auth session for this user: no successful Login before this sampler)";
            }
            return finish(first.result, failure, vars);
        }
        return Relogin.afterExpiredToken(this, request, first, session, vars);
    }

    final SampleResult finish(HTTPSampleResult result, String failure, JMeterVariables vars) {
        if (failure == null) {
            result.setSuccessful(true);
        } else {
            ApiResults.fail(result, failure);
            onFailure(vars);
        }
        return result;
    }

    // ---------------------------------------------------------------- one HTTP exchange

    /**
     * Sends {@code request} through HttpClient 4 with {@code token} (may be null) and returns the
     * result labelled {@code label}, with the wanted JSON fields read and secrets masked.
     */
    final Exchange exchange(ApiRequest request, String token, String label) {
        HTTPSampleResult res;
        OutgoingRequest out = new OutgoingRequest(request, normalizeBasePath(getBasePath()), token,
                super.getHeaderManager(), headerBuffer, bodyBuffer);
        headerBuffer = out.headers;
        if (request.body != null) {
            bodyBuffer = out.arguments;
        }
        current = out;
        try {
            URL url = getUrl();
            out.origin = Origin.of(url);
            res = bridge().execute(url, request.method);
        } catch (MalformedURLException e) {
            res = new HTTPSampleResult();
            res.sampleStart();
            res.sampleEnd();
            errorResult(e, res);
        } finally {
            current = null;
        }
        ApiResults.relabel(res, label, getName());
        int status = ApiResults.statusOf(res);
        String[] names = request.fieldsFor(status);
        String[] values = status == 0 || names.length == 0 ? null : JsonFields.read(res.getResponseData(), names);
        ApiResults.mask(res, request.secretResponse);
        return new Exchange(request, res, status, names, values);
    }

    private Hc4Bridge bridge() {
        if (bridge == null) {
            bridge = new Hc4Bridge(this);
        }
        return bridge;
    }

    // ---------------------------------------------------------------- HTTPSamplerBase hooks read by HTTPHC4Impl

    /**
     * One hop of a redirect chain that JMeter follows ({@code HTTPSamplerBase.followRedirects}).
     * A hop to another origin than the request's gets no credentials: no bearer token, no
     * {@code Authorization} or {@code Cookie} header of a Header Manager, and a request whose body
     * carries the password (Login) is not sent there at all.
     */
    @Override
    protected HTTPSampleResult sample(URL u, String method, boolean areFollowingRedirect, int depth) {
        OutgoingRequest out = current;
        if (out == null || !areFollowingRedirect || Origin.same(out.origin, u)) {
            return bridge().execute(u, method, areFollowingRedirect, depth);
        }
        boolean resendsBody = !"GET".equals(method) && !"HEAD".equals(method);
        if (out.request.credentialBody && resendsBody) {
            return ApiResults.redirectNotFollowed(u, method, out.origin);
        }
        HeaderManager own = out.headers;
        out.headers = Origin.withoutCredentials(own);
        try {
            return bridge().execute(u, method, true, depth);
        } finally {
            out.headers = own;
        }
    }

    /**
     * "Redirect Automatically" would let HttpClient follow redirects with every header of the
     * first request, the bearer token included, to any host. The samplers follow redirects
     * themselves instead (as with "Follow Redirects"), so that each hop's origin is checked.
     */
    @Override
    public boolean getAutoRedirects() {
        return false;
    }

    /**
     * True when either "Follow Redirects" (empty: true) or "Redirect Automatically" (empty: false)
     * is set (see {@link #getAutoRedirects()}).
     */
    @Override
    public boolean getFollowRedirects() {
        return flag(FOLLOW_REDIRECTS, true) || flag(AUTO_REDIRECTS, false);
    }

    /** "Use KeepAlive"; empty means the default, true. */
    @Override
    public boolean getUseKeepAlive() {
        return flag(USE_KEEPALIVE, true);
    }

    @Override
    public String getPath() {
        return current != null ? current.path : super.getPath();
    }

    @Override
    public String getMethod() {
        return current != null ? current.request.method : super.getMethod();
    }

    @Override
    public Arguments getArguments() {
        return current != null ? current.arguments : super.getArguments();
    }

    @Override
    public boolean getPostBodyRaw() {
        return current != null ? current.request.body != null : super.getPostBodyRaw();
    }

    @Override
    public HeaderManager getHeaderManager() {
        return current != null ? current.headers : super.getHeaderManager();
    }

    @Override
    public String getContentEncoding() {
        String encoding = super.getContentEncoding();
        return encoding == null || encoding.isEmpty() ? StandardCharsets.UTF_8.name() : encoding;
    }

    @Override
    public void threadFinished() {
        if (bridge != null) {
            bridge.endThread();
        }
    }

    @Override
    public void testIterationStart(LoopIterationEvent event) {
        if (bridge != null) {
            bridge.newIteration();
        }
    }

    @Override
    public boolean interrupt() {
        return bridge != null && bridge.interrupt();
    }
}
