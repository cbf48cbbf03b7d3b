package io.github.agieval.jmeter.sampler;

import org.apache.jmeter.threads.JMeterVariables;

/**
 * The auth session of one virtual user: the bearer token that Login obtained, and what is needed
 * to log in again when the token expires (credentials, login path, the Login sampler's label).
 *
 * <p>It lives in the thread's {@link JMeterVariables} as an object under {@link #VARIABLE}, never
 * as a string variable, so {@code ${...}} references, Debug Sampler/PostProcessor output and
 * variable dumps cannot reveal it: {@link #toString()} masks the token and the password.
 *
 * <p>Threading: confined to its JMeter thread (JMeterVariables are per thread); not shared.
 */
public final class AuthSession {

    /** Object key in JMeterVariables. */
    public static final String VARIABLE = "agieval.auth_session";

    private final String username;
    private final String password;
    private final String loginPath;
    private final String loginLabel;
    private String token;
    private long tokenIssuedAt;
    private int reLogins;

    AuthSession(String username, String password, String loginPath, String loginLabel, String token) {
        this.username = username;
        this.password = password;
        this.loginPath = loginPath;
        this.loginLabel = loginLabel;
        this.token = token;
        this.tokenIssuedAt = System.currentTimeMillis();
    }

    /** The session of the current thread's user, or {@code null} when there is none. */
    public static AuthSession of(JMeterVariables vars) {
        Object o = vars == null ? null : vars.getObject(VARIABLE);
        return o instanceof AuthSession ? (AuthSession) o : null;
    }

    static void start(JMeterVariables vars, AuthSession session) {
        vars.putObject(VARIABLE, session);
    }

    static void end(JMeterVariables vars) {
        vars.remove(VARIABLE);
    }

    public String username() {
        return username;
    }

    String password() {
        return password;
    }

    String token() {
        return token;
    }

    /** Path (with any base path) of the login endpoint the session was created with. */
    String loginPath() {
        return loginPath;
    }

    String loginLabel() {
        return loginLabel;
    }

    public long tokenIssuedAt() {
        return tokenIssuedAt;
    }

    /** How many times the session logged in again after a 401. */
    public int reLogins() {
        return reLogins;
    }

    void renew(String newToken) {
        this.token = newToken;
        this.tokenIssuedAt = System.currentTimeMillis();
        this.reLogins++;
    }

    @Override
    public String toString() {
        return "AuthSession[user=" + username + ", token=***, reLogins=" + reLogins + "]";
    }
}
