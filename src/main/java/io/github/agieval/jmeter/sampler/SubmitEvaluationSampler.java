package io.github.agieval.jmeter.sampler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import org.apache.jmeter.threads.JMeterVariables;

/**
 * Submit Evaluation ({@code POST /api/v1/evaluate}): sends the evaluation request, either a whole
 * JSON body (default {@code ${eval_request}}, what the Evaluation Data Generator fills) or one
 * composed from fields (model, benchmark, prompts, temperature, max_tokens, timeout). Expects 202
 * with a {@code job_id}; exports the job id, its status ({@code queued}) and the epoch ms at which
 * the submit started, under configurable variable names. On failure the three variables are set
 * to the empty string, so a following Job Status cannot poll a previous iteration's job.
 *
 * <p>Threading: per-thread clone, no mutable state besides what {@link ApiSampler} keeps.
 */
public class SubmitEvaluationSampler extends ApiSampler {

    private static final long serialVersionUID = 1L;

    public static final String BODY_MODE = "AgiSubmit.body_mode";
    public static final String BODY = "AgiSubmit.body";
    public static final String MODEL = "AgiSubmit.model";
    public static final String BENCHMARK = "AgiSubmit.benchmark";
    public static final String PROMPTS = "AgiSubmit.prompts";
    public static final String TEMPERATURE = "AgiSubmit.temperature";
    public static final String MAX_TOKENS = "AgiSubmit.max_tokens";
    public static final String TIMEOUT = "AgiSubmit.timeout";
    public static final String JOB_ID_VAR = "AgiSubmit.job_id_var";
    public static final String STATUS_VAR = "AgiSubmit.status_var";
    public static final String SUBMITTED_AT_VAR = "AgiSubmit.submitted_at_var";

    /** {@link #BODY_MODE}: the whole body from {@link #BODY}. */
    public static final String MODE_BODY = "body";
    /** {@link #BODY_MODE}: the body composed from the fields. */
    public static final String MODE_FIELDS = "fields";

    public static final String DEFAULT_BODY = "${eval_request}";
    static final String DEFAULT_BODY_VARIABLE = "eval_request";
    public static final String DEFAULT_MODEL = "gpt-4";
    public static final String DEFAULT_BENCHMARK = "mmlu";
    public static final String DEFAULT_PROMPTS = "Test prompt";
    public static final String DEFAULT_TEMPERATURE = "0.7";
    public static final String DEFAULT_MAX_TOKENS = "1000";
    public static final String DEFAULT_JOB_ID_VAR = "job_id";
    public static final String DEFAULT_STATUS_VAR = "job_status";
    public static final String DEFAULT_SUBMITTED_AT_VAR = "job_submitted_at";

    static final String PATH = "/api/v1/evaluate";
    private static final String JOB_ID = "job_id";
    private static final String STATUS = "status";

    public SubmitEvaluationSampler() {
        super();
    }

    public String getBodyMode() {
        return setting(BODY_MODE, MODE_BODY).trim();
    }

    /** The body; when the property is absent or empty, the default {@code ${eval_request}}: variable eval_request. */
    public String getBody() {
        return setting(BODY, DEFAULT_BODY);
    }

    private String body(JMeterVariables vars) {
        String body = getBody();
        if (DEFAULT_BODY.equals(body) && vars != null && vars.get(DEFAULT_BODY_VARIABLE) != null) {
            return vars.get(DEFAULT_BODY_VARIABLE); // the default, not evaluated by JMeter when the property is empty
        }
        return body;
    }

    @Override
    protected String kind() {
        return "AGI Eval Submit Evaluation";
    }

    @Override
    protected void checkAtStart() {
        super.checkAtStart();
        String mode = getBodyMode();
        if (!mode.contains("${") && !MODE_BODY.equals(mode) && !MODE_FIELDS.equals(mode)) {
            throw settings().bad(BODY_MODE, mode, "must be '" + MODE_BODY + "' or '" + MODE_FIELDS + "'");
        }
        // literal numbers of the "fields" mode: checked even in "body" mode (a typo is a typo)
        String temperature = getPropertyAsString(TEMPERATURE, DEFAULT_TEMPERATURE);
        if (!temperature.contains("${")) {
            settings().decimal(TEMPERATURE, temperature, 0, 0, 1_000_000);
        }
        for (String key : new String[] {MAX_TOKENS, TIMEOUT}) {
            String v = getPropertyAsString(key, "");
            if (!v.contains("${")) {
                settings().whole(key, v, 1, 1, Integer.MAX_VALUE);
            }
        }
    }

    public String getJobIdVar() {
        return variableName(JOB_ID_VAR, DEFAULT_JOB_ID_VAR);
    }

    public String getStatusVar() {
        return variableName(STATUS_VAR, DEFAULT_STATUS_VAR);
    }

    public String getSubmittedAtVar() {
        return variableName(SUBMITTED_AT_VAR, DEFAULT_SUBMITTED_AT_VAR);
    }

    @Override
    protected ApiRequest buildRequest(JMeterVariables vars) {
        getJobIdVar();
        getStatusVar();
        getSubmittedAtVar();
        String mode = getBodyMode();
        String body;
        if (MODE_BODY.equals(mode)) {
            body = body(vars).trim();
            if (body.isEmpty()) {
                throw new IllegalArgumentException("property " + BODY + " (Request body) is empty");
            }
            if (body.startsWith("${")) {
                throw new IllegalArgumentException("property " + BODY + " (Request body) is '" + body
                        + "': the variable is not set (put an Evaluation Data Generator or a CSV Data Set before"
                        + " this sampler, or compose the body from fields)");
            }
        } else if (MODE_FIELDS.equals(mode)) {
            body = composeBody();
        } else {
            throw new IllegalArgumentException("property " + BODY_MODE + " is '" + mode + "', expected '"
                    + MODE_BODY + "' or '" + MODE_FIELDS + "'");
        }
        return new ApiRequest("POST", PATH, null, body, true, false, JOB_ID, STATUS);
    }

    /** The request body from the fields; blank optional fields are left out. */
    String composeBody() {
        ObjectNode root = Json.object();
        root.put("model", setting(MODEL, DEFAULT_MODEL).trim());
        root.put("benchmark", setting(BENCHMARK, DEFAULT_BENCHMARK).trim());
        ArrayNode prompts = root.putArray("prompts");
        for (String line : setting(PROMPTS, DEFAULT_PROMPTS).split("\\R")) {
            if (!line.isBlank()) {
                prompts.add(line.strip());
            }
        }
        ObjectNode config = Json.object();
        String temperature = getPropertyAsString(TEMPERATURE, DEFAULT_TEMPERATURE).trim();
        if (!temperature.isEmpty()) {
            config.put("temperature", number(TEMPERATURE, temperature));
        }
        String maxTokens = getPropertyAsString(MAX_TOKENS, DEFAULT_MAX_TOKENS).trim();
        if (!maxTokens.isEmpty()) {
            config.put("max_tokens", integer(MAX_TOKENS, maxTokens));
        }
        String timeout = getPropertyAsString(TIMEOUT, "").trim();
        if (!timeout.isEmpty()) {
            config.put("timeout", integer(TIMEOUT, timeout));
        }
        if (!config.isEmpty()) {
            root.set("config", config);
        }
        return Json.write(root);
    }

    private static double number(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + key + " is '" + value + "', not a number");
        }
    }

    private static long integer(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + key + " is '" + value + "', not an integer");
        }
    }

    @Override
    protected String checkAndExport(Exchange exchange, long startedAt, JMeterVariables vars) {
        String failure = ApiContract.expectStatus(exchange, 202);
        if (failure != null) {
            return failure;
        }
        String jobId = exchange.field(JOB_ID);
        if (jobId == null || jobId.isEmpty()) {
            return exchange.isJsonObject() ? "202 without job_id in the body" : "202 with a body that is not a JSON object";
        }
        String status = exchange.field(STATUS);
        vars.put(getJobIdVar(), jobId);
        vars.put(getStatusVar(), status == null ? "queued" : status);
        vars.put(getSubmittedAtVar(), Long.toString(startedAt));
        return null;
    }

    @Override
    protected void onFailure(JMeterVariables vars) {
        clear(vars, JOB_ID_VAR, DEFAULT_JOB_ID_VAR);
        clear(vars, STATUS_VAR, DEFAULT_STATUS_VAR);
        clear(vars, SUBMITTED_AT_VAR, DEFAULT_SUBMITTED_AT_VAR);
    }

    private void clear(JMeterVariables vars, String key, String defaultName) {
        String name = variableName(key, defaultName);
        if (!name.isEmpty()) {
            vars.put(name, "");
        }
    }
}
