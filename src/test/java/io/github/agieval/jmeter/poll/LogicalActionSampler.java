package io.github.agieval.jmeter.poll;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterContext.TestLogicalAction;

/**
 * Asks JMeterThread for a loop action (continue, break, next thread loop) the way a Flow Control
 * Action does: through its result's test logical action. Its results are ignored (no sample).
 */
class LogicalActionSampler extends AbstractSampler {

    private static final long serialVersionUID = 1L;

    final transient Deque<TestLogicalAction> actions = new ArrayDeque<>();

    LogicalActionSampler() {
        setName("flow control");
    }

    @Override
    public SampleResult sample(Entry e) {
        SampleResult r = new SampleResult();
        r.setSuccessful(true);
        r.setIgnore();
        TestLogicalAction a = actions.isEmpty() ? TestLogicalAction.CONTINUE : actions.poll();
        r.setTestLogicalAction(a);
        return r;
    }
}
