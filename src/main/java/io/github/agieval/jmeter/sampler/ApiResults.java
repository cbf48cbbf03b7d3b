package io.github.agieval.jmeter.sampler;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.apache.jmeter.assertions.AssertionResult;
import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;
import org.apache.jmeter.samplers.SampleResult;

/**
 * Filling the samplers' {@link SampleResult}s: a contract failure as an assertion result, the
 * result of a configuration error or of a redirect not followed, labels (redirect hops included),
 * the HTTP status, the parent of a re-login taking the final answer, and the masking of secrets
 * before a result reaches a listener.
 *
 * <p>Threading: static and stateless; works on results owned by the calling thread.
 */
final class ApiResults {

    private ApiResults() {
    }

    /** Marks {@code result} failed with {@code message} in an assertion result (the JTL's failureMessage). */
    static void fail(SampleResult result, String message) {
        result.setSuccessful(false);
        AssertionResult assertion = new AssertionResult(ApiSampler.CONTRACT_ASSERTION);
        assertion.setFailure(true);
        assertion.setFailureMessage(message);
        result.addAssertionResult(assertion);
    }

    /** A failed result labelled {@code label} for a configuration error: no request was sent. */
    static HTTPSampleResult configurationFailure(String label, String message, String failure) {
        HTTPSampleResult res = new HTTPSampleResult();
        res.setSampleLabel(label);
        res.sampleStart();
        res.sampleEnd();
        res.setResponseCode("Configuration error");
        res.setResponseMessage(message);
        res.setDataType(SampleResult.TEXT);
        res.setResponseData(message, StandardCharsets.UTF_8.name());
        fail(res, failure);
        return res;
    }

    /** The result of a redirect hop to {@code u} not sent: it would carry credentials away from {@code origin}. */
    static HTTPSampleResult redirectNotFollowed(URL u, String method, String origin) {
        HTTPSampleResult res = new HTTPSampleResult();
        res.setURL(u);
        res.setHTTPMethod(method);
        res.sampleStart();
        res.sampleEnd();
        res.setResponseCode(ApiSampler.REDIRECT_NOT_FOLLOWED);
        String why = "redirect to another origin (" + Origin.of(u) + ") not followed: the request body carries"
                + " credentials, which go only to " + origin;
        res.setResponseMessage(why);
        res.setDataType(SampleResult.TEXT);
        res.setResponseData(why, StandardCharsets.UTF_8.name());
        res.setSuccessful(false);
        return res;
    }

    /** The parent of a re-login takes the final answer (code, headers, body, URL) of {@code last}. */
    static void copyAnswer(HTTPSampleResult last, HTTPSampleResult parent, long startedAt) {
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

    /**
     * Labels the result {@code label}; the hops of a followed redirect, which JMeter named
     * {@code <element name>-0}, {@code -1}, ..., become {@code <label>-0}, ... (a re-login's hops
     * are then named after the re-login, not after the sampler that triggered it). Hops named after
     * {@code elementName} (the sampler's name) are relabelled too.
     */
    static void relabel(HTTPSampleResult res, String label, String elementName) {
        String named = res.getSampleLabel();
        res.setSampleLabel(label);
        SampleResult[] subs = res.getSubResults();
        for (int i = 0; i < subs.length; i++) {
            String sub = subs[i].getSampleLabel();
            if (sub.equals(named + "-" + i) || sub.equals(elementName + "-" + i)) {
                subs[i].setSampleLabel(label + "-" + i);
            }
        }
    }

    static int statusOf(SampleResult res) {
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
    static void mask(SampleResult res, boolean secretResponse) {
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
}
