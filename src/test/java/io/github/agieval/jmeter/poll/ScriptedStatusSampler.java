package io.github.agieval.jmeter.poll;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;

/**
 * A Job Status stand-in: each call answers the next scripted response, sets {@code job_status}
 * like the purpose-made sampler (only on a 2xx), and takes {@link #durationMillis} of virtual time.
 */
class ScriptedStatusSampler extends AbstractSampler {

    private static final long serialVersionUID = 1L;

    record Answer(String code, String status, String body, String headers) {
    }

    private final transient Deque<Answer> script = new ArrayDeque<>();
    private final transient FakePollClock clock;
    private final long durationMillis;
    int calls;

    ScriptedStatusSampler(String name, FakePollClock clock, long durationMillis) {
        setName(name);
        this.clock = clock;
        this.durationMillis = durationMillis;
    }

    ScriptedStatusSampler status(String... statuses) {
        for (String s : statuses) {
            script.add(new Answer("200", s, "{\"job_id\":\"j-1\",\"status\":\"" + s + "\"}", "HTTP/1.1 200 OK\n"));
        }
        return this;
    }

    ScriptedStatusSampler answer(String code, String body, String headers) {
        script.add(new Answer(code, null, body, headers));
        return this;
    }

    @Override
    public SampleResult sample(Entry e) {
        calls++;
        Answer a = script.isEmpty() ? new Answer("200", "running", "{\"status\":\"running\"}", "") : script.poll();
        SampleResult r = new SampleResult();
        long start = clock != null ? clock.currentTimeMillis() : System.currentTimeMillis();
        if (clock != null) {
            clock.advanceMillis(durationMillis);
        }
        r.setStampAndTime(start + durationMillis, durationMillis); // stamp = end by default
        r.setSampleLabel(getName());
        r.setResponseCode(a.code());
        r.setSuccessful(a.code().startsWith("2"));
        r.setResponseData(a.body(), "UTF-8");
        r.setResponseHeaders(a.headers());
        if (a.status() != null && r.isSuccessful()) {
            getThreadContext().getVariables().put("job_status", a.status());
        }
        return r;
    }
}
