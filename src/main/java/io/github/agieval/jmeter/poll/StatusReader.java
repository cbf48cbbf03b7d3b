package io.github.agieval.jmeter.poll;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import java.util.List;
import java.util.Map;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.threads.JMeterVariables;

/**
 * Reads a job's status after each poll round, from where the controller's condition source says:
 * a thread variable ({@link ConditionSource#VARIABLE}), a JSON path on the response of the round's
 * last sample ({@link ConditionSource#JSON_PATH}), or an expression that is {@code true} once the
 * job is done ({@link ConditionSource#EXPRESSION}). It records what it read on the
 * {@link JobRun} (the last status, or why none could be read) and says whether the job reached a
 * terminal status.
 *
 * <p>Threading: one instance per controller clone, used only by that clone's thread (it caches
 * the compiled JSON path).
 */
final class StatusReader {

    private static final String TRUE = "true";

    private String compiledPathText;
    private JsonPath compiledPath;

    /**
     * Reads the status at the end of a round.
     *
     * @param job        the job; its {@link JobRun#lastStatus} and {@link JobRun#statusProblem} are updated
     * @param vars       the thread's variables
     * @param last       the round's last sample, or {@code null} when the round made no sample
     * @param sampled    whether the round made a sample
     * @param expression the controller's expression property (condition {@code EXPRESSION})
     * @param owner      the controller, owner of {@code expression}
     * @return whether the job reached a terminal status
     */
    boolean readRound(JobRun job, JMeterVariables vars, SampleResult last, boolean sampled,
            JMeterProperty expression, TestElement owner) {
        PollSettings s = job.settings;
        if (s.conditionSource() == ConditionSource.EXPRESSION) {
            job.lastStatus = vars.get(s.statusVariable());
            return isTrue(expression, owner);
        }
        String status = s.conditionSource() == ConditionSource.VARIABLE
                ? vars.get(s.statusVariable())
                : readJsonPath(job, s.statusJsonPath(), last, sampled);
        if (status != null) {
            job.lastStatus = status;
            job.statusProblem = null;
        }
        return status != null && s.isTerminal(status);
    }

    private static boolean isTrue(JMeterProperty expression, TestElement owner) {
        expression.recoverRunningVersion(owner); // forget the function's cached value, as While Controller does
        String value = expression.getStringValue();
        return value != null && TRUE.equalsIgnoreCase(value.trim());
    }

    /**
     * The status at {@code path} in the response of the round's last sample, or {@code null};
     * when there is none, the reason goes to the job ({@link JobRun#statusProblem}) so that the
     * job sample says why the job never reached a terminal status.
     */
    private String readJsonPath(JobRun job, String path, SampleResult last, boolean sampled) {
        if (last == null) {
            job.statusProblem = sampled ? "the round's last sample has no response" : "the round made no sample";
            return null;
        }
        String body = last.getResponseDataAsString();
        if (body == null || body.isBlank()) {
            job.statusProblem = "the response of '" + last.getSampleLabel() + "' (" + last.getResponseCode()
                    + ") is empty, not JSON";
            return null;
        }
        if (!path.equals(compiledPathText)) {
            compiledPath = JsonPath.compile(path);
            compiledPathText = path;
        }
        Object document;
        try {
            document = Configuration.defaultConfiguration().jsonProvider().parse(body);
        } catch (RuntimeException e) {
            document = null;
        }
        if (!(document instanceof Map) && !(document instanceof List)) {
            // the default JSON provider is lenient: plain text or HTML comes back as a string
            job.statusProblem = "the response of '" + last.getSampleLabel() + "' (" + last.getResponseCode()
                    + ", " + describeType(last) + ") is not JSON";
            return null;
        }
        Object value;
        try {
            value = compiledPath.read(document);
        } catch (RuntimeException e) { // path not found
            job.statusProblem = "JSON path " + path + " not found in the response of '" + last.getSampleLabel() + "'";
            return null;
        }
        if (value instanceof List<?> list) {
            value = list.isEmpty() ? null : list.get(0);
        }
        if (value == null || value instanceof Map || value instanceof List) {
            job.statusProblem = "JSON path " + path + " in the response of '" + last.getSampleLabel()
                    + "' is " + (value == null ? "null or empty" : "an object or array, not a status");
            return null;
        }
        return String.valueOf(value);
    }

    private static String describeType(SampleResult r) {
        String type = r.getContentType();
        return type == null || type.isEmpty() ? "no content type" : type;
    }
}
