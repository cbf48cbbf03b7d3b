package io.github.agieval.jmeter.sampler;

import org.apache.jmeter.testelement.property.NullProperty;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.util.JMeterUtils;

/**
 * Login ({@code POST /auth/login}): expects 200 with an {@code access_token} and starts the
 * virtual user's {@link AuthSession}, which the other samplers use for
 * {@code Authorization: Bearer} and for one re-login when the token expires. A failed login ends
 * any previous session of the user.
 *
 * <p>The password is sent only in the request body; the body kept in the result and the answer's
 * token are masked ({@code "password":"***"}, {@code "access_token":"***"}).
 *
 * <p>Threading: per-thread clone; the credentials of the current sample are transient fields.
 */
public class LoginSampler extends ApiSampler {

    private static final long serialVersionUID = 1L;

    public static final String USERNAME = "AgiLogin.username";
    public static final String PASSWORD = "AgiLogin.password";

    public static final String DEFAULT_USERNAME = "${__P(USERNAME,test-user)}";
    public static final String DEFAULT_PASSWORD = "${__P(PASSWORD,test-password)}";

    private transient String sentUsername;
    private transient String sentPassword;

    public LoginSampler() {
        super();
    }

    public String getUsername() {
        return stringOrProperty(USERNAME, "USERNAME", "test-user");
    }

    public void setUsername(String username) {
        setProperty(USERNAME, username);
    }

    public String getPassword() {
        return stringOrProperty(PASSWORD, "PASSWORD", "test-password");
    }

    public void setPassword(String password) {
        setProperty(PASSWORD, password);
    }

    /** The property's value; when the element does not hold it or holds it empty, what its default says. */
    private String stringOrProperty(String key, String jmeterProperty, String fallback) {
        if (getProperty(key) instanceof NullProperty || getPropertyAsString(key).isEmpty()) {
            return JMeterUtils.getPropDefault(jmeterProperty, fallback);
        }
        return getPropertyAsString(key);
    }

    @Override
    protected String kind() {
        return "AGI Eval Login";
    }

    @Override
    protected ApiRequest buildRequest(JMeterVariables vars) {
        String username = getUsername();
        if (username.isBlank()) {
            throw new IllegalArgumentException("property " + USERNAME + " (Username) is empty");
        }
        String password = getPassword();
        if (password.isEmpty()) {
            throw new IllegalArgumentException("property " + PASSWORD + " (Password) is empty");
        }
        sentUsername = username;
        sentPassword = password;
        return ApiContract.loginRequest(username, password, loginPath());
    }

    @Override
    protected String checkAndExport(Exchange exchange, long startedAt, JMeterVariables vars) {
        String failure = ApiContract.checkLogin(exchange);
        if (failure == null) {
            AuthSession.start(vars, new AuthSession(sentUsername, sentPassword, loginPath(), getName(),
                    exchange.field(ACCESS_TOKEN)));
        }
        sentPassword = null;
        return failure;
    }

    @Override
    protected void onFailure(JMeterVariables vars) {
        sentPassword = null;
        AuthSession.end(vars);
    }
}
