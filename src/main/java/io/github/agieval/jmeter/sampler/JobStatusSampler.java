package io.github.agieval.jmeter.sampler;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.jmeter.threads.JMeterVariables;

/**
 * Job Status ({@code GET /api/v1/jobs/{id}}): expects 200 with a known {@code status}; exports the
 * status and the progress (empty when the answer has none) under configurable names. After a
 * failed sample the variables keep their previous values.
 *
 * <p>Hot path (this sampler runs in every poll loop): one streaming read of the top-level
 * {@code status}, {@code progress}, {@code error} and {@code message} fields; the known-status set
 * is parsed once per distinct property value (cached in a transient field of the thread's clone).
 */
public class JobStatusSampler extends JobSampler {

    private static final long serialVersionUID = 1L;

    public static final String STATUS_VAR = "AgiJobStatus.status_var";
    public static final String PROGRESS_VAR = "AgiJobStatus.progress_var";
    public static final String KNOWN_STATUSES = "AgiJobStatus.known_statuses";

    public static final String DEFAULT_STATUS_VAR = "job_status";
    public static final String DEFAULT_PROGRESS_VAR = "job_progress";
    public static final String DEFAULT_KNOWN_STATUSES = "queued,running,completed,failed";
    /** {@link #KNOWN_STATUSES} value that accepts any status. */
    public static final String ANY_STATUS = "*";

    private static final String STATUS = "status";
    private static final String PROGRESS = "progress";

    private transient String knownText;
    private transient Set<String> known;

    public JobStatusSampler() {
        super();
    }

    public String getStatusVar() {
        return variableName(STATUS_VAR, DEFAULT_STATUS_VAR);
    }

    public String getProgressVar() {
        return variableName(PROGRESS_VAR, DEFAULT_PROGRESS_VAR);
    }

    /** The known statuses, comma-separated; empty = the default list; {@value #ANY_STATUS} = any status. */
    public String getKnownStatuses() {
        return setting(KNOWN_STATUSES, DEFAULT_KNOWN_STATUSES);
    }

    @Override
    protected String kind() {
        return "AGI Eval Job Status";
    }

    private Set<String> known() {
        String text = getKnownStatuses();
        if (!text.equals(knownText)) {
            known = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .filter(s -> !ANY_STATUS.equals(s)).collect(Collectors.toUnmodifiableSet());
            if (text.trim().equals(ANY_STATUS)) {
                known = Set.of();
            }
            knownText = text;
        }
        return known;
    }

    @Override
    protected ApiRequest buildRequest(JMeterVariables vars) {
        getStatusVar();
        getProgressVar();
        return new ApiRequest("GET", jobPath(vars), null, null, true, false, STATUS, PROGRESS);
    }

    @Override
    protected String checkAndExport(Exchange exchange, long startedAt, JMeterVariables vars) {
        String failure = ApiContract.expectStatus(exchange, 200);
        if (failure != null) {
            return failure;
        }
        String status = exchange.field(STATUS);
        if (status == null) {
            return exchange.isJsonObject() ? "200 without status in the body" : "200 with a body that is not a JSON object";
        }
        Set<String> statuses = known();
        if (!statuses.isEmpty() && !statuses.contains(status)) {
            return "unknown job status '" + status + "' (expected one of " + getKnownStatuses() + ")";
        }
        String progress = exchange.field(PROGRESS);
        vars.put(getStatusVar(), status);
        vars.put(getProgressVar(), progress == null ? "" : progress);
        return null;
    }
}
