package io.github.agieval.jmeter.resources;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Json;

/**
 * A small client of Prometheus' HTTP API for instant queries ({@code GET /api/v1/query}), on the
 * JDK's {@link HttpClient} with a connect and a request timeout. A query must give one number: a
 * scalar or an instant vector of exactly one series (wrap others in {@code sum()}, {@code max()}
 * or {@code avg()}); anything else is a {@link PromQlException} saying why.
 *
 * <p>The base URL may carry a path prefix ({@code http://host:9090/prometheus}) and credentials
 * ({@code http://user:secret@host:9090}, sent as HTTP Basic authentication); credentials never
 * appear in messages ({@link #displayUrl()}).
 *
 * <p>Threading: immutable and thread-safe; {@link #query} blocks the calling thread for at most
 * about the connect plus the request timeout.
 */
public final class PromQlClient {

    private final URI base;
    private final String display;
    private final String authorization;
    private final Duration requestTimeout;
    private final HttpClient http;

    /**
     * @param baseUrl the Prometheus server, e.g. {@code http://127.0.0.1:9090}
     * @throws IllegalArgumentException when it is not an absolute http(s) URL
     */
    public PromQlClient(String baseUrl, Duration connectTimeout, Duration requestTimeout) {
        URI uri;
        try {
            uri = new URI(baseUrl.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("expected an http:// or https:// URL with a host, e.g."
                    + " http://127.0.0.1:9090");
        }
        String user = uri.getRawUserInfo();
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                decode(user).getBytes(StandardCharsets.UTF_8));
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        try {
            this.base = new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage());
        }
        this.display = base + path;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The server's URL as messages show it: without credentials, query or trailing slash. */
    public String displayUrl() {
        return display;
    }

    /** Runs {@code promql} as an instant query now and returns its one number. */
    public double query(String promql) throws PromQlException, InterruptedException {
        URI uri = URI.create(display + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept",
                "application/json").GET();
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable(promql, e);
        } catch (HttpTimeoutException e) {
            throw new PromQlException(PromQlException.Kind.UNREACHABLE, "Prometheus at " + display
                    + " did not answer query '" + promql + "' within " + requestTimeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw unreachable(promql, e);
        }
        return parse(promql, response.statusCode(), response.body());
    }

    private PromQlException unreachable(String promql, Exception e) {
        String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new PromQlException(PromQlException.Kind.UNREACHABLE, "Prometheus not reachable at " + display
                + " (query '" + promql + "'): " + why, e);
    }

    /** The one number of an API answer; package-private for tests. */
    double parse(String promql, int status, String body) throws PromQlException {
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (RuntimeException e) {
            throw new PromQlException(PromQlException.Kind.REJECTED, "not a Prometheus API answer from " + display
                    + " (HTTP " + status + ") for query '" + promql + "': " + abbreviate(body));
        }
        if (status != 200 || !"success".equals(root.path("status").asText())) {
            throw new PromQlException(PromQlException.Kind.REJECTED, "Prometheus at " + display + " rejected query '"
                    + promql + "' (HTTP " + status + "): " + root.path("errorType").asText("error") + ": "
                    + root.path("error").asText(abbreviate(body)));
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        double v;
        switch (type) {
            case "scalar":
                v = number(result.path(1).asText());
                break;
            case "vector":
                if (result.size() == 0) {
                    throw new PromQlException(PromQlException.Kind.NO_DATA, "query '" + promql + "' returned no data"
                            + " from Prometheus at " + display + " (no series: check the metric names, labels and"
                            + " that Prometheus scrapes the target)");
                }
                if (result.size() > 1) {
                    throw new PromQlException(PromQlException.Kind.SEVERAL_SERIES, "query '" + promql + "' returned "
                            + result.size() + " series from Prometheus at " + display + " (e.g. "
                            + result.get(0).path("metric") + "); it must give one number: wrap it in sum(), max()"
                            + " or avg()");
                }
                v = number(result.get(0).path("value").path(1).asText());
                break;
            default:
                throw new PromQlException(PromQlException.Kind.REJECTED, "query '" + promql + "' gave a " + type
                        + " result; it must give one number (an instant vector of one series or a scalar)");
        }
        if (Double.isNaN(v)) {
            throw new PromQlException(PromQlException.Kind.NO_DATA, "query '" + promql + "' returned NaN from"
                    + " Prometheus at " + display + " (e.g. a rate over too few scrapes, or 0/0)");
        }
        return v;
    }

    private static double number(String text) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
            case "":
                return Double.NaN;
            default:
                return Double.parseDouble(text);
        }
    }

    private static String abbreviate(String body) {
        String b = body == null ? "" : body.strip();
        return b.length() <= 200 ? b : b.substring(0, 200) + "...";
    }
}
