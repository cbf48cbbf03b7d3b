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
    /** The fields read ({@link ApiRequest#fieldsFor(int)}). */
    private final String[] names;
    /** Their values; {@code null} when the body was not a JSON object. */
    private final String[] values;

    Exchange(ApiRequest request, HTTPSampleResult result, int status, String[] names, String[] values) {
        this.request = request;
        this.result = result;
        this.status = status;
        this.names = names;
        this.values = values;
    }

    /** The value of a top-level field of the answer that was read for its status, or {@code null}. */
    String field(String name) {
        if (values == null) {
            return null;
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    boolean isJsonObject() {
        return values != null;
    }
}
