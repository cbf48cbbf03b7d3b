package io.github.agieval.jmeter.poll;

import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;

/** Sets one variable, as a Submit sampler would, and makes no sample. */
class SetVariableSampler extends AbstractSampler {

    private static final long serialVersionUID = 1L;

    private final String variable;
    private final String value;

    SetVariableSampler(String variable, String value) {
        setName("set " + variable);
        this.variable = variable;
        this.value = value;
    }

    @Override
    public SampleResult sample(Entry e) {
        getThreadContext().getVariables().put(variable, value);
        return null;
    }
}
