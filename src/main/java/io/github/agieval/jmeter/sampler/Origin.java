package io.github.agieval.jmeter.sampler;

import java.net.URL;
import java.util.Locale;
import org.apache.jmeter.protocol.http.control.Header;
import org.apache.jmeter.protocol.http.control.HeaderManager;
import org.apache.jmeter.testelement.property.JMeterProperty;

/**
 * The origin of a URL (RFC 6454: scheme, host, port, the port made explicit) and what may be
 * sent to a different one. Credentials go only to the origin of the request the sampler was
 * configured for, as browsers and curl do on redirects: a hop to another scheme, host or port
 * gets no {@code Authorization} and no {@code Cookie} header.
 *
 * <p>Stateless; thread-safe.
 */
final class Origin {

    /** Headers that carry credentials, left out towards another origin. */
    private static final String[] CREDENTIAL_HEADERS = {"Authorization", "Cookie"};

    private Origin() {
    }

    /** {@code scheme://host:port} in lower case, the port explicit. */
    static String of(URL url) {
        String scheme = url.getProtocol().toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : url.getDefaultPort();
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return scheme + "://" + host + ":" + port;
    }

    /** Whether {@code url} has the origin {@code origin} (as {@link #of} writes it); false for a null origin. */
    static boolean same(String origin, URL url) {
        return origin != null && origin.equals(of(url));
    }

    /** Whether {@code name} is a header that carries credentials. */
    static boolean isCredentialHeader(String name) {
        for (String h : CREDENTIAL_HEADERS) {
            if (h.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** A copy of {@code headers} without the credential headers; {@code null} stays {@code null}. */
    static HeaderManager withoutCredentials(HeaderManager headers) {
        if (headers == null) {
            return null;
        }
        HeaderManager copy = new HeaderManager();
        for (JMeterProperty p : headers.getHeaders()) {
            Header h = (Header) p.getObjectValue();
            if (!isCredentialHeader(h.getName())) {
                copy.add(new Header(h.getName(), h.getValue()));
            }
        }
        return copy;
    }
}
