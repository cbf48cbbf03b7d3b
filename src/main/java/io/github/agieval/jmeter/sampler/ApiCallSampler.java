package io.github.agieval.jmeter.sampler;

import java.util.Arrays;
import java.util.Locale;
import org.apache.jmeter.threads.JMeterVariables;

/**
 * API Call: one sampler for the endpoints without a sampler of their own (health, status,
 * profile, models, model by id, dashboard, datasets, benchmarks, compare, export, logout) and for
 * any other path ({@code custom}). It sends the user's bearer token where the endpoint needs it
 * (re-login on 401 as every sampler), checks the status code against the endpoint's success codes
 * (or the ones configured), turns API errors into failure messages, and for {@code health}
 * checks that the answer has a {@code status} field, as the seed's checks do.
 *
 * <p>{@code logout} ends the user's auth session whatever the answer (the token must not be used
 * after a logout); it never re-logs in.
 *
 * <p>Threading: per-thread clone; the parsed expected codes are cached in transient fields.
 */
public class ApiCallSampler extends ApiSampler {

    private static final long serialVersionUID = 1L;

    public static final String ENDPOINT = "AgiApiCall.endpoint";
    public static final String PATH_PARAM = "AgiApiCall.path_param";
    public static final String QUERY = "AgiApiCall.query";
    public static final String BODY = "AgiApiCall.body";
    public static final String CUSTOM_METHOD = "AgiApiCall.method";
    public static final String CUSTOM_PATH = "AgiApiCall.path";
    public static final String CUSTOM_AUTHENTICATED = "AgiApiCall.authenticated";
    public static final String EXPECTED_CODES = "AgiApiCall.expected_codes";

    public static final String DEFAULT_ENDPOINT = ApiEndpoint.MODELS.id();
    public static final String DEFAULT_METHOD = "GET";

    private static final String STATUS_FIELD = "status";

    private transient String expectedText;
    private transient int[] expectedCodes;

    public ApiCallSampler() {
        super();
    }

    public String getEndpoint() {
        return setting(ENDPOINT, DEFAULT_ENDPOINT);
    }

    public void setEndpoint(String endpoint) {
        setProperty(ENDPOINT, endpoint);
    }

    public String getExpectedCodes() {
        return getPropertyAsString(EXPECTED_CODES, "");
    }

    ApiEndpoint endpoint() {
        ApiEndpoint e = ApiEndpoint.byId(getEndpoint());
        if (e == null) {
            throw new IllegalArgumentException("property " + ENDPOINT + " is '" + getEndpoint() + "', expected one of "
                    + Arrays.stream(ApiEndpoint.values()).map(ApiEndpoint::id).toList());
        }
        return e;
    }

    @Override
    protected String kind() {
        return "AGI Eval API Call";
    }

    @Override
    protected void checkAtStart() {
        super.checkAtStart();
        if (isLiteral(CUSTOM_AUTHENTICATED)) {
            flag(CUSTOM_AUTHENTICATED, true);
        }
        if (!getEndpoint().contains("${")) {
            endpoint();
            if (!getExpectedCodes().contains("${")) {
                expected();
            }
        }
    }

    @Override
    public boolean getReloginOn401() {
        return super.getReloginOn401() && ApiEndpoint.byId(getEndpoint()) != ApiEndpoint.LOGOUT;
    }

    @Override
    protected ApiRequest buildRequest(JMeterVariables vars) {
        ApiEndpoint e = endpoint();
        expected(); // a bad list of codes fails here, before the request
        String method = e.method();
        String path = e.path();
        boolean authenticated = e.authenticated();
        if (e == ApiEndpoint.CUSTOM) {
            method = setting(CUSTOM_METHOD, DEFAULT_METHOD).trim().toUpperCase(Locale.ROOT);
            path = getPropertyAsString(CUSTOM_PATH, "").trim();
            authenticated = flag(CUSTOM_AUTHENTICATED, true);
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("property " + CUSTOM_PATH + " (Path) is '" + path
                        + "', expected a path starting with /");
            }
        }
        if (path.contains("{id}")) {
            String param = getPropertyAsString(PATH_PARAM, "").trim();
            if (param.isEmpty() || param.startsWith("${")) {
                throw new IllegalArgumentException("property " + PATH_PARAM + " (Path parameter) is '" + param
                        + "', but " + path + " needs it");
            }
            path = path.replace("{id}", JobSampler.encodeSegment(param));
        }
        String query = getPropertyAsString(QUERY, "").trim();
        if (query.startsWith("?")) {
            query = query.substring(1);
        }
        String body = null;
        if (!"GET".equals(method) && !"HEAD".equals(method) && !"DELETE".equals(method)) {
            body = getPropertyAsString(BODY, "");
            if (body.isBlank()) {
                body = e.sendsBody() ? "{}" : "";
            }
        }
        return new ApiRequest(method, path, query, body, authenticated, false,
                e == ApiEndpoint.HEALTH ? new String[] {STATUS_FIELD} : new String[0]);
    }

    int[] expected() {
        String text = getExpectedCodes().trim();
        if (text.isEmpty()) {
            return endpoint().expected();
        }
        if (!text.equals(expectedText)) {
            int[] codes;
            try {
                codes = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .mapToInt(Integer::parseInt).toArray();
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("property " + EXPECTED_CODES + " is '" + text
                        + "', expected comma-separated status codes");
            }
            expectedCodes = codes;
            expectedText = text;
        }
        return expectedCodes;
    }

    @Override
    protected String checkAndExport(Exchange exchange, long startedAt, JMeterVariables vars) {
        ApiEndpoint e = endpoint();
        if (e == ApiEndpoint.LOGOUT) {
            AuthSession.end(vars);
        }
        String failure = ApiContract.expectStatus(exchange, expected());
        if (failure == null && e == ApiEndpoint.HEALTH && exchange.field(STATUS_FIELD) == null) {
            failure = "200 without status in the body";
        }
        return failure;
    }
}
