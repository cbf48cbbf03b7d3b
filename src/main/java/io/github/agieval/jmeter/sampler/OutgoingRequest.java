package io.github.agieval.jmeter.sampler;

import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.protocol.http.control.Header;
import org.apache.jmeter.protocol.http.control.HeaderManager;
import org.apache.jmeter.protocol.http.util.HTTPArgument;
import org.apache.jmeter.testelement.property.JMeterProperty;

/**
 * The request a sampler is sending right now, as JMeter's HTTP implementation reads it back through
 * the {@code HTTPSamplerBase} getters that {@link ApiSampler} overrides: the {@link ApiRequest}, its
 * full path (base path, endpoint path, query), the raw JSON body as JMeter arguments, the headers
 * (the plan's Header Managers merged with the API's own) and the origin that alone gets the
 * credentials.
 *
 * <p>Threading: one per exchange, created and read by the sampler clone of one thread.
 */
final class OutgoingRequest {

    private static final String APPLICATION_JSON = "application/json";
    private static final Arguments NO_ARGUMENTS = new Arguments();

    final ApiRequest request;
    final String path;
    final Arguments arguments;
    /** The headers sent; a hop of a redirect to another origin swaps in a copy without credentials. */
    HeaderManager headers;
    /** Origin (scheme://host:port) of the request: the only one that gets its credentials; null until known. */
    String origin;

    /**
     * @param basePath the sampler's base path, canonical ({@link ApiSampler#normalizeBasePath})
     * @param token the bearer token, or null
     * @param plan the Header Manager(s) in scope, or null
     * @param reuse the header manager of the sampler's previous exchange, refilled here; or null
     * @param reuseBody the body arguments of the sampler's previous exchange with a body, refilled here; or null
     */
    OutgoingRequest(ApiRequest request, String basePath, String token, HeaderManager plan, HeaderManager reuse,
            Arguments reuseBody) {
        this.request = request;
        String p = request.fullPath ? request.path : basePath + request.path;
        this.path = request.query != null ? p + '?' + request.query : p;
        this.arguments = arguments(request.body, reuseBody);
        this.headers = headers(request, token, plan, reuse);
    }

    /** The body as JMeter's one unnamed, unencoded argument: {@code reuse}'s, refilled, when there is one. */
    private static Arguments arguments(String body, Arguments reuse) {
        if (body == null) {
            return NO_ARGUMENTS;
        }
        if (reuse != null && reuse != NO_ARGUMENTS && reuse.getArgumentCount() == 1
                && reuse.getArgument(0) instanceof HTTPArgument previous) {
            previous.setValue(body);
            return reuse;
        }
        Arguments args = new Arguments();
        HTTPArgument arg = new HTTPArgument("", body, false);
        arg.setAlwaysEncoded(false);
        args.addArgument(arg);
        return args;
    }

    /** The Header Manager(s) in scope, plus the API's headers (which win over the same names). */
    private static HeaderManager headers(ApiRequest request, String token, HeaderManager plan, HeaderManager reuse) {
        HeaderManager merged = reuse;
        if (merged == null) {
            merged = new HeaderManager();
        } else {
            merged.getHeaders().clear();
        }
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
}
