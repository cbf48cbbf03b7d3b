package io.github.agieval.jmeter.poll;

import java.util.HashMap;
import java.util.Map;
import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;

/** Copies the thread's variables when it runs and makes no sample (returns {@code null}). */
class SnapshotSampler extends AbstractSampler {

    private static final long serialVersionUID = 1L;

    final transient Map<String, String> vars = new HashMap<>();
    int calls;

    SnapshotSampler(String name) {
        setName(name);
    }

    @Override
    public SampleResult sample(Entry e) {
        calls++;
        vars.clear();
        getThreadContext().getVariables().entrySet().forEach(en -> {
            if (en.getValue() instanceof String) {
                vars.put(en.getKey(), (String) en.getValue());
            }
        });
        return null;
    }
}
