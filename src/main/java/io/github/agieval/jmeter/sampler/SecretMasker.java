package io.github.agieval.jmeter.sampler;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in what a sample result keeps: credentials in {@code Authorization} and
 * {@code Proxy-Authorization} request headers ({@code Authorization: Bearer ***}) and the values
 * of secret JSON fields ({@code password}, {@code access_token}, {@code refresh_token},
 * {@code id_token}, {@code token}, {@code client_secret}) in request and response bodies.
 *
 * <p>Headers are masked in one pass without a regex; the JSON pattern is compiled once and
 * {@link #maskJson} first does a cheap {@code indexOf} so text without a secret costs no regex match. Threading: stateless, thread-safe.
 */
final class SecretMasker {

    /** What replaces a secret. */
    public static final String MASK = "***";

    /** The rule {@link #maskHeaders} implements (kept as the tests' reference). */
    static final Pattern AUTH_HEADER = Pattern.compile(
            "^((?:proxy-)?authorization:[ \\t]*)(?:(\\S+)[ \\t]+(?=\\S))?[^\\r\\n]*",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(\"(?:password|access_token|refresh_token|id_token|token|client_secret)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");

    private SecretMasker() {
    }

    /**
     * {@code headers} (one {@code Name: value} a line) with credentials of authorization headers
     * masked: a line starting (any case) with {@code Authorization:} or {@code Proxy-Authorization:}
     * keeps its name, the blanks after the colon and a scheme (the value's first word when another
     * word follows it), and the rest of the line becomes {@value #MASK}. One pass over the text, no
     * regex (every authenticated request has such a header); the same result as {@link #AUTH_HEADER}
     * ({@code SecretMaskerTest} compares them).
     */
    public static String maskHeaders(String headers) {
        if (headers == null) {
            return null;
        }
        int n = headers.length();
        StringBuilder out = null;
        int copied = 0;
        int line = 0;
        while (line < n) {
            int name = authorizationPrefix(headers, line);
            int next;
            if (name > 0) {
                int value = name;
                while (value < n && isBlank(headers.charAt(value))) {
                    value++;
                }
                int end = value;
                while (end < n && headers.charAt(end) != '\r' && headers.charAt(end) != '\n') {
                    end++;
                }
                int word = value;
                while (word < end && !isRegexSpace(headers.charAt(word))) {
                    word++;
                }
                int after = word;
                while (after < end && isBlank(headers.charAt(after))) {
                    after++;
                }
                boolean scheme = word > value && after > word && after < end && !isRegexSpace(headers.charAt(after));
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(headers, copied, value);
                if (scheme) {
                    out.append(headers, value, word).append(' ');
                }
                out.append(MASK);
                copied = end;
                next = end;
            } else {
                next = line;
            }
            line = nextLine(headers, next);
        }
        if (out == null) {
            return headers;
        }
        out.append(headers, copied, n);
        return out.toString();
    }

    /** Where the value starts if an authorization header's name (and colon) starts at {@code i}, else -1. */
    private static int authorizationPrefix(String text, int i) {
        int at = i;
        if (text.regionMatches(true, at, "proxy-", 0, 6)) {
            at += 6;
        }
        return text.regionMatches(true, at, "authorization:", 0, 14) ? at + 14 : -1;
    }

    /** The start of the line after the one containing {@code i} (the regex's multi-line {@code ^}). */
    private static int nextLine(String text, int i) {
        int n = text.length();
        for (int j = i; j < n; j++) {
            char c = text.charAt(j);
            if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return j + 1;
            }
            if (c == '\r') {
                return j + 1 < n && text.charAt(j + 1) == '\n' ? j + 2 : j + 1;
            }
        }
        return n;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** The regex's {@code \\s}: {@code [ \\t\\n\\x0B\\f\\r]}. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** {@code json} with the string values of secret fields replaced by {@code "***"}. */
    public static String maskJson(String json) {
        // every secret field name ends in password", token" or secret" (with the closing quote): a body
        // with only e.g. "max_tokens" (every evaluation request) is not run through the regex
        if (json == null || (json.indexOf("password\"") < 0 && json.indexOf("token\"") < 0
                && json.indexOf("secret\"") < 0)) {
            return json;
        }
        return SECRET_FIELD.matcher(json).replaceAll("$1\"" + MASK + "\"");
    }
}
