package io.github.agieval.jmeter.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Access control of the admin API ({@code /__admin/...}): decides, from the request headers alone
 * and before any body byte is read, whether a request may reach {@link AdminApi}.
 *
 * <p>In order, a request is refused when:
 * <ol>
 * <li>its {@code Host} is neither an IP address literal, {@code localhost}, nor the configured bind
 *     host (403 {@code forbidden_host}): a page whose domain is re-bound to 127.0.0.1 (DNS
 *     rebinding) sends its own domain name;</li>
 * <li>it has an {@code Origin} that is not this sandbox's own ({@code http://<Host>}) (403
 *     {@code cross_origin}): a web page in the developer's browser;</li>
 * <li>its {@value #HEADER} header is missing or wrong (401 {@code admin_token_required}); compared in
 *     constant time, over SHA-256 digests, so neither the content nor the length leaks by
 *     timing;</li>
 * <li>it is a {@code POST}, {@code PUT} or {@code PATCH} whose {@code Content-Type} is not
 *     {@code application/json} (415 {@code unsupported_media_type}): such a request can never be a
 *     browser's "simple" cross-site request.</li>
 * </ol>
 * No answer or log line ever contains the token that was sent or the right one.
 *
 * <p>Threading: immutable, called on any request thread.
 */
final class AdminGuard {

    /** The request header carrying the admin secret. */
    static final String HEADER = "X-Admin-Token";

    private final byte[] tokenDigest;
    private final String bindHost;

    AdminGuard(String adminToken, String bindHost) {
        this.tokenDigest = sha256(adminToken);
        this.bindHost = normalizeHost(bindHost);
    }

    /** Null when the request may pass, else the answer that refuses it. */
    Reply check(HttpExchangeAdapter ex) {
        String host = ex.header("Host");
        if (host == null || !hostAllowed(host)) {
            return Reply.error(403, "forbidden_host", "the admin API answers only requests addressed to "
                    + "an IP address, localhost or the configured host");
        }
        String origin = ex.header("Origin");
        if (origin != null && !origin.equalsIgnoreCase("http://" + host.trim())) {
            return Reply.error(403, "cross_origin", "cross-origin requests to the admin API are refused");
        }
        String token = ex.header(HEADER);
        if (token == null || !MessageDigest.isEqual(sha256(token), tokenDigest)) {
            return Reply.error(401, "admin_token_required", "the admin API needs header " + HEADER
                    + " with the sandbox's admin token (printed at start, or given with --admin-token)");
        }
        String method = ex.method();
        if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            String type = ex.header("Content-Type");
            if (type == null || !isJson(type)) {
                return Reply.error(415, "unsupported_media_type", "admin writes need Content-Type: application/json");
            }
        }
        return null;
    }

    /** {@code host[:port]} names an IP literal, localhost, or the configured bind host. */
    boolean hostAllowed(String hostHeader) {
        String h = stripPort(hostHeader.trim());
        if (h == null || h.isEmpty()) {
            return false;
        }
        h = normalizeHost(h);
        return h.equals("localhost") || isIpLiteral(h) || (!bindHost.isEmpty() && h.equals(bindHost));
    }

    private static boolean isJson(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT).trim();
        int semi = t.indexOf(';');
        if (semi >= 0) {
            t = t.substring(0, semi).trim();
        }
        return t.equals("application/json");
    }

    /** The host part of {@code host[:port]} or {@code [v6][:port]}, or null when malformed. */
    private static String stripPort(String hostPort) {
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return null;
            }
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
                return null;
            }
            return hostPort.substring(1, close);
        }
        int colon = hostPort.indexOf(':');
        if (colon < 0) {
            return hostPort;
        }
        if (!hostPort.substring(colon).matches(":\\d{1,5}")) {
            return null;
        }
        return hostPort.substring(0, colon);
    }

    private static String normalizeHost(String h) {
        String s = h == null ? "" : h.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.equals("0.0.0.0") || s.equals("::") ? "" : s;
    }

    /** An IPv4 dotted quad or an IPv6 literal (never resolved: no DNS look-up). */
    static boolean isIpLiteral(String h) {
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : h.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        return h.indexOf(':') >= 0 && h.matches("[0-9a-f:.]+");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Constant-time equality of two secrets (over their SHA-256 digests). */
    static boolean secretEquals(String given, String expected) {
        return MessageDigest.isEqual(sha256(given), sha256(expected));
    }
}
