package io.github.agieval.jmeter.sampler;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.common.Json;
import org.apache.jmeter.threads.JMeterVariables;

/**
 * Job Results ({@code GET /api/v1/jobs/{id}/results}): expects 200 (409 while the job is not
 * finished, 404 for an unknown job become failures with the API's message); exports the score
 * under a configurable name. The score field is a top-level field name or a dotted path into the
 * answer (e.g. {@code scores.accuracy}); a number or string is exported as text, an object or
 * array as compact JSON, a missing field as the empty string.
 *
 * <p>Threading: per-thread clone, stateless besides {@link ApiSampler}'s transient fields.
 */
public class JobResultsSampler extends JobSampler {

    private static final long serialVersionUID = 1L;

    public static final String SCORE_VAR = "AgiJobResults.score_var";
    public static final String SCORE_FIELD = "AgiJobResults.score_field";

    public static final String DEFAULT_SCORE_VAR = "job_score";
    public static final String DEFAULT_SCORE_FIELD = "score";

    public JobResultsSampler() {
        super();
    }

    public String getScoreVar() {
        return variableName(SCORE_VAR, DEFAULT_SCORE_VAR);
    }

    public String getScoreField() {
        return setting(SCORE_FIELD, DEFAULT_SCORE_FIELD).trim();
    }

    @Override
    protected String kind() {
        return "AGI Eval Job Results";
    }

    @Override
    protected ApiRequest buildRequest(JMeterVariables vars) {
        getScoreVar();
        String field = getScoreField();
        if (field.isEmpty()) {
            throw new IllegalArgumentException("property " + SCORE_FIELD + " (Score field) is empty");
        }
        int dot = field.indexOf('.');
        String top = dot < 0 ? field : field.substring(0, dot);
        return new ApiRequest("GET", jobPath(vars) + "/results", null, null, true, false, top);
    }

    @Override
    protected String checkAndExport(Exchange exchange, long startedAt, JMeterVariables vars) {
        String failure = ApiContract.expectStatus(exchange, 200);
        if (failure != null) {
            return failure;
        }
        if (!exchange.isJsonObject()) {
            return "200 with a body that is not a JSON object";
        }
        String field = getScoreField();
        int dot = field.indexOf('.');
        String value = exchange.field(dot < 0 ? field : field.substring(0, dot));
        if (value != null && dot >= 0 && (value.startsWith("{") || value.startsWith("["))) {
            JsonNode node = Json.parse(value).at("/" + field.substring(dot + 1).replace('.', '/'));
            value = node.isMissingNode() || node.isNull() ? null : node.isValueNode() ? node.asText() : Json.write(node);
        } else if (dot >= 0) {
            value = null;
        }
        vars.put(getScoreVar(), value == null ? "" : value);
        return null;
    }
}
