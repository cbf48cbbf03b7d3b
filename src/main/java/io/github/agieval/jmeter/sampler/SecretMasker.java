package io.github.agieval.jmeter.sampler;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in what a sample result keeps: credentials in {@code Authorization} and
 * {@code Proxy-Authorization} request headers ({@code Authorization: Bearer ***}) and the values
 * of secret JSON fields ({@code password}, {@code access_token}, {@code refresh_token},
 * {@code id_token}, {@code token}, {@code client_secret}) in request and response bodies.
 *
 * <p>The patterns are compiled once; each method first does a cheap {@code indexOf} so text
 * without a secret costs no regex match. Threading: stateless, thread-safe.
 */
final class SecretMasker {

    /** What replaces a secret. */
    public static final String MASK = "***";

    private static final Pattern AUTH_HEADER = Pattern.compile(
            "^((?:proxy-)?authorization:[ \\t]*)(?:(\\S+)[ \\t]+(?=\\S))?[^\\r\\n]*",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(\"(?:password|access_token|refresh_token|id_token|token|client_secret)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");

    private SecretMasker() {
    }

    /** {@code headers} (one {@code Name: value} a line) with credentials of authorization headers masked. */
    public static String maskHeaders(String headers) {
        if (headers == null || !containsIgnoreCase(headers, "authorization")) {
            return headers;
        }
        Matcher m = AUTH_HEADER.matcher(headers);
        StringBuilder out = new StringBuilder(headers.length());
        while (m.find()) {
            String scheme = m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(
                    m.group(1) + (scheme == null ? "" : scheme + " ") + MASK));
        }
        m.appendTail(out);
        return out.toString();
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

    private static boolean containsIgnoreCase(String text, String word) {
        int n = word.length();
        for (int i = 0, last = text.length() - n; i <= last; i++) {
            if (text.regionMatches(true, i, word, 0, n)) {
                return true;
            }
        }
        return false;
    }
}
