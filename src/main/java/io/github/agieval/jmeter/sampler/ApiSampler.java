package io.github.agieval.jmeter.sampler;

import io.github.agieval.jmeter.common.InvalidSettingException;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.common.Settings;
import io.github.agieval.jmeter.common.StartFailure;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.apache.jmeter.assertions.AssertionResult;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.engine.event.LoopIterationEvent;
import org.apache.jmeter.protocol.http.control.Header;
import org.apache.jmeter.protocol.http.control.HeaderManager;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.protocol.http.sampler.HTTPSamplerBase;
import org.apache.jmeter.protocol.http.util.HTTPArgument;
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

    private static final String APPLICATION_JSON = "application/json";
    private static final Logger LOG = LoggerFactory.getLogger(ApiSampler.class);
    private static final Arguments NO_ARGUMENTS = new Arguments();

    private transient Hc4Bridge bridge;
    private transient ApiRequest current;
    private transient String currentPath;
    /** Origin (scheme://host:port) of the request being sent: the only one that gets its credentials. */
    private transient String currentOrigin;
    private transient Arguments currentArguments;
    /** Reused per clone (one thread) by {@link #arguments}: building a fresh pair per request showed in profiles. */
    private transient Arguments bodyArguments;
    private transient HTTPArgument bodyArgument;
    private transient HeaderManager currentHeaders;

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
            return configurationFailure(e.getMessage(), e.getMessage()); // names the element already
        } catch (IllegalArgumentException e) {
            onFailure(vars);
            return configurationFailure(e.getMessage(), getName() + ": " + e.getMessage());
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
        return reloginAndRetry(request, first, session, vars);
    }

    private SampleResult reloginAndRetry(ApiRequest request, Exchange first, AuthSession session,
            JMeterVariables vars) {
        HTTPSampleResult expired = first.result;
        expired.setSampleLabel(getName() + LABEL_EXPIRED);
        expired.setResponseMessage(expired.getResponseMessage() + " (token expired: re-login and retry follow)");
        expired.setSuccessful(true);

        Exchange login = exchange(loginRequest(session.username(), session.password(), session.loginPath()),
                null, session.loginLabel() + LABEL_RELOGIN);
        String loginFailure = checkLogin(login);

        HTTPSampleResult parent = new HTTPSampleResult();
        parent.setSampleLabel(getName());
        parent.setStampAndTime(expired.getStartTime(), 0);
        parent.addSubResult(expired, false);
        parent.addSubResult(login.result, false);
        if (loginFailure != null) {
            fail(login.result, loginFailure);
            AuthSession.end(vars);
            copyAnswer(login.result, parent, expired.getStartTime());
            return finish(parent, "token expired (401) and the re-login failed: " + loginFailure, vars);
        }
        session.renew(login.field(ACCESS_TOKEN));
        Exchange retry = exchange(request, session.token(), getName() + LABEL_RETRY);
        parent.addSubResult(retry.result, false);
        copyAnswer(retry.result, parent, expired.getStartTime());
        String failure = checkAndExport(retry, expired.getStartTime(), vars);
        if (failure != null) {
            fail(retry.result, failure);
            failure = failure + " (after re-login)";
        }
        return finish(parent, failure, vars);
    }

    /** The parent of a re-login takes the final answer (code, headers, body, URL) of {@code last}. */
    private static void copyAnswer(HTTPSampleResult last, HTTPSampleResult parent, long startedAt) {
        parent.setURL(last.getURL());
        parent.setHTTPMethod(last.getHTTPMethod());
        parent.setRequestHeaders(last.getRequestHeaders());
        parent.setQueryString(last.getQueryString());
        parent.setResponseCode(last.getResponseCode());
        parent.setResponseMessage(last.getResponseMessage());
        parent.setResponseHeaders(last.getResponseHeaders());
        parent.setResponseData(last.getResponseData());
        parent.setDataType(last.getDataType());
        parent.setContentType(last.getContentType());
        parent.setDataEncoding(last.getDataEncodingNoDefault());
        parent.setSuccessful(last.isSuccessful());
        // time to the first byte of the final answer, from the start of the whole exchange
        parent.setLatency(last.getStartTime() - startedAt + last.getLatency());
        parent.setConnectTime(last.getConnectTime());
    }

    private SampleResult finish(HTTPSampleResult result, String failure, JMeterVariables vars) {
        if (failure == null) {
            result.setSuccessful(true);
        } else {
            fail(result, failure);
            onFailure(vars);
        }
        return result;
    }

    /** Marks {@code result} failed with {@code message} in an assertion result (the JTL's failureMessage). */
    static void fail(SampleResult result, String message) {
        result.setSuccessful(false);
        AssertionResult assertion = new AssertionResult(CONTRACT_ASSERTION);
        assertion.setFailure(true);
        assertion.setFailureMessage(message);
        result.addAssertionResult(assertion);
    }

    private HTTPSampleResult configurationFailure(String message, String failure) {
        HTTPSampleResult res = new HTTPSampleResult();
        res.setSampleLabel(getName());
        res.sampleStart();
        res.sampleEnd();
        res.setResponseCode("Configuration error");
        res.setResponseMessage(message);
        res.setDataType(SampleResult.TEXT);
        res.setResponseData(message, StandardCharsets.UTF_8.name());
        fail(res, failure);
        return res;
    }

    // ---------------------------------------------------------------- login, shared with the Login sampler

    static ApiRequest loginRequest(String username, String password, String fullLoginPath) {
        String body = Json.write(Json.object().put("username", username).put("password", password));
        return new ApiRequest("POST", fullLoginPath, null, body,
                false, true, ACCESS_TOKEN).withFullPath(true);
    }

    /** Contract of POST /auth/login: 200 with a non-empty access_token. */
    static String checkLogin(Exchange login) {
        String failure = expectStatus(login, 200);
        if (failure != null) {
            return failure;
        }
        String token = login.field(ACCESS_TOKEN);
        if (token == null || token.isEmpty()) {
            return "200 without access_token in the body";
        }
        return null;
    }

    // ---------------------------------------------------------------- one HTTP exchange

    /**
     * Sends {@code request} through HttpClient 4 with {@code token} (may be null) and returns the
     * result labelled {@code label}, with the wanted JSON fields read and secrets masked.
     */
    final Exchange exchange(ApiRequest request, String token, String label) {
        HTTPSampleResult res;
        current = request;
        currentPath = request.fullPath ? request.path : normalizeBasePath(getBasePath()) + request.path;
        if (request.query != null) {
            currentPath = currentPath + '?' + request.query;
        }
        currentArguments = arguments(request.body);
        currentHeaders = headers(request, token);
        try {
            URL url = getUrl();
            currentOrigin = Origin.of(url);
            res = bridge().execute(url, request.method);
        } catch (MalformedURLException e) {
            res = new HTTPSampleResult();
            res.sampleStart();
            res.sampleEnd();
            errorResult(e, res);
        } finally {
            current = null;
            currentArguments = null;
            currentOrigin = null;
        }
        relabel(res, label);
        int status = statusOf(res);
        String[] names = request.fieldsFor(status);
        String[] values = status == 0 || names.length == 0 ? null : JsonFields.read(res.getResponseData(), names);
        mask(res, request.secretResponse);
        return new Exchange(request, res, status, names, values);
    }

    /**
     * Labels the result {@code label}; the hops of a followed redirect, which JMeter named
     * {@code <element name>-0}, {@code -1}, ..., become {@code <label>-0}, ... (a re-login's hops
     * are then named after the re-login, not after the sampler that triggered it).
     */
    private void relabel(HTTPSampleResult res, String label) {
        String named = res.getSampleLabel();
        res.setSampleLabel(label);
        SampleResult[] subs = res.getSubResults();
        for (int i = 0; i < subs.length; i++) {
            String sub = subs[i].getSampleLabel();
            if (sub.equals(named + "-" + i) || sub.equals(getName() + "-" + i)) {
                subs[i].setSampleLabel(label + "-" + i);
            }
        }
    }

    private static int statusOf(SampleResult res) {
        String code = res.getResponseCode();
        if (code.length() != 3) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < 3; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Masks the secrets of {@code res} and of every sub-result (redirect hops), depth first. */
    private static void mask(SampleResult res, boolean secretResponse) {
        for (SampleResult sub : res.getSubResults()) {
            mask(sub, secretResponse);
        }
        res.setRequestHeaders(SecretMasker.maskHeaders(res.getRequestHeaders()));
        String sent = res instanceof HTTPSampleResult http ? http.getQueryString() : null;
        if (sent != null && !sent.isEmpty()) {
            ((HTTPSampleResult) res).setQueryString(SecretMasker.maskJson(sent));
        }
        if (secretResponse) {
            byte[] data = res.getResponseData();
            if (data != null && data.length > 0) {
                String masked = SecretMasker.maskJson(new String(data, StandardCharsets.UTF_8));
                res.setResponseData(masked.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The body as JMeter's one unnamed, unencoded argument; the same two objects for every request of this clone. */
    private Arguments arguments(String body) {
        if (body == null) {
            return NO_ARGUMENTS;
        }
        if (bodyArgument == null) {
            Arguments args = new Arguments();
            HTTPArgument arg = new HTTPArgument("", body, false);
            arg.setAlwaysEncoded(false);
            args.addArgument(arg);
            bodyArguments = args;
            bodyArgument = arg;
        } else {
            bodyArgument.setValue(body);
        }
        return bodyArguments;
    }

    /** The Header Manager(s) in scope, plus the API's headers (which win over the same names). */
    private HeaderManager headers(ApiRequest request, String token) {
        HeaderManager merged = currentHeaders;
        if (merged == null) {
            merged = new HeaderManager();
        } else {
            merged.getHeaders().clear();
        }
        HeaderManager plan = super.getHeaderManager();
        boolean planAccept = false;
        if (plan != null) {
            for (JMeterProperty p : plan.getHeaders()) {
                Header h = (Header) p.getObjectValue();
                String name = h.getName();
                if ((token != null && "Authorization".equalsIgnoreCase(name))
                        || (request.body != null && "Content-Type".equalsIgnoreCase(name))) {
                    continue;
                }
                planAccept |= "Accept".equalsIgnoreCase(name);
                merged.add(new Header(name, h.getValue()));
            }
        }
        if (!planAccept) {
            merged.add(new Header("Accept", APPLICATION_JSON));
        }
        if (request.body != null) {
            merged.add(new Header("Content-Type", APPLICATION_JSON));
        }
        if (token != null) {
            merged.add(new Header("Authorization", "Bearer " + token));
        }
        return merged;
    }

    private Hc4Bridge bridge() {
        if (bridge == null) {
            bridge = new Hc4Bridge(this);
        }
        return bridge;
    }

    // ---------------------------------------------------------------- contract helpers

    /** {@code null} when the status is one of {@code expected}, else a message with the API's error. */
    static String expectStatus(Exchange ex, int... expected) {
        for (int code : expected) {
            if (ex.status == code) {
                return null;
            }
        }
        StringBuilder sb = new StringBuilder("expected ");
        for (int i = 0; i < expected.length; i++) {
            sb.append(i == 0 ? "" : i == expected.length - 1 ? " or " : ", ").append(expected[i]);
        }
        if (ex.status == 0) {
            return sb.append(", got no HTTP answer: ").append(ex.result.getResponseMessage()).toString();
        }
        sb.append(", got ").append(ex.status);
        String error = ex.field(ApiRequest.ERROR);
        String message = ex.field(ApiRequest.MESSAGE);
        if (error != null || message != null) {
            sb.append(": ").append(error == null ? "" : error);
            if (message != null) {
                sb.append(error == null ? "" : ": ").append(message);
            }
        } else if (ex.result.getResponseMessage() != null && !ex.result.getResponseMessage().isEmpty()) {
            sb.append(' ').append(ex.result.getResponseMessage());
        }
        String retryAfter = responseHeader(ex.result.getResponseHeaders(), "Retry-After");
        if (retryAfter != null) {
            sb.append(" (Retry-After: ").append(retryAfter).append(')');
        }
        String location = ex.status >= 300 && ex.status < 400
                ? responseHeader(ex.result.getResponseHeaders(), "Location") : null;
        if (location != null) {
            sb.append(" (redirect to ").append(location).append(" not followed)");
        }
        return sb.toString();
    }

    /** The value of the first header {@code name} in JMeter's response header text, or null. */
    static String responseHeader(String headers, String name) {
        if (headers == null) {
            return null;
        }
        int n = name.length();
        int i = 0;
        int len = headers.length();
        while (i < len) {
            int eol = headers.indexOf('\n', i);
            if (eol < 0) {
                eol = len;
            }
            if (eol - i > n && headers.regionMatches(true, i, name, 0, n) && headers.charAt(i + n) == ':') {
                return headers.substring(i + n + 1, eol).trim();
            }
            i = eol + 1;
        }
        return null;
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
        if (current == null || !areFollowingRedirect || Origin.same(currentOrigin, u)) {
            return bridge().execute(u, method, areFollowingRedirect, depth);
        }
        boolean resendsBody = !"GET".equals(method) && !"HEAD".equals(method);
        if (current.credentialBody && resendsBody) {
            return redirectNotFollowed(u, method);
        }
        HeaderManager own = currentHeaders;
        currentHeaders = Origin.withoutCredentials(own);
        try {
            return bridge().execute(u, method, true, depth);
        } finally {
            currentHeaders = own;
        }
    }

    private HTTPSampleResult redirectNotFollowed(URL u, String method) {
        HTTPSampleResult res = new HTTPSampleResult();
        res.setURL(u);
        res.setHTTPMethod(method);
        res.sampleStart();
        res.sampleEnd();
        res.setResponseCode(REDIRECT_NOT_FOLLOWED);
        String why = "redirect to another origin (" + Origin.of(u) + ") not followed: the request body carries"
                + " credentials, which go only to " + currentOrigin;
        res.setResponseMessage(why);
        res.setDataType(SampleResult.TEXT);
        res.setResponseData(why, StandardCharsets.UTF_8.name());
        res.setSuccessful(false);
        return res;
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
        return current != null ? currentPath : super.getPath();
    }

    @Override
    public String getMethod() {
        return current != null ? current.method : super.getMethod();
    }

    @Override
    public Arguments getArguments() {
        return currentArguments != null ? currentArguments : super.getArguments();
    }

    @Override
    public boolean getPostBodyRaw() {
        return current != null ? current.body != null : super.getPostBodyRaw();
    }

    @Override
    public HeaderManager getHeaderManager() {
        return current != null ? currentHeaders : super.getHeaderManager();
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
