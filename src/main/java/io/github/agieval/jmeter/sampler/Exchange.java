package io.github.agieval.jmeter.sampler;

import org.apache.jmeter.protocol.http.sampler.HTTPSampleResult;

/**
 * One request/answer pair: JMeter's {@link HTTPSampleResult} (already masked) and the wanted
 * fields of the JSON answer, read before masking.
 */
final class Exchange {

    final ApiRequest request;
    final HTTPSampleResult result;
    /** HTTP status, or 0 when no HTTP answer came (connection error, time-out). */
    final int status;
    /** Values of {@code request.fields}; {@code null} when the body was not a JSON object. */
    private final String[] values;

    Exchange(ApiRequest request, HTTPSampleResult result, int status, String[] values) {
        this.request = request;
        this.result = result;
        this.status = status;
        this.values = values;
    }

    /** The value of a top-level field of the answer, or {@code null}. */
    String field(String name) {
        return values == null ? null : values[request.fieldIndex(name)];
    }

    boolean isJsonObject() {
        return values != null;
    }
}
