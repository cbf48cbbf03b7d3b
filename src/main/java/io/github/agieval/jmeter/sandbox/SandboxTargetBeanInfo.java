package io.github.agieval.jmeter.sandbox;

import java.beans.PropertyDescriptor;
import org.apache.jmeter.testbeans.BeanInfoSupport;

/**
 * GUI description of {@link SandboxTarget} (JMeter's generic TestBean GUI builds the form from it;
 * labels and help texts are in {@code SandboxTargetResources.properties}).
 */
public class SandboxTargetBeanInfo extends BeanInfoSupport {

    public SandboxTargetBeanInfo() {
        super(SandboxTarget.class);
        createPropertyGroup("target", new String[] {SandboxTarget.PROP_BASE_URL});
        createPropertyGroup("embedded", new String[] {SandboxTarget.PROP_PORT, SandboxTarget.PROP_PASSWORD,
            SandboxTarget.PROP_TIME_FACTOR, SandboxTarget.PROP_WORKERS, SandboxTarget.PROP_QUEUE_CAPACITY,
            SandboxTarget.PROP_TOKEN_LIFETIME});
        createPropertyGroup("faults_group", new String[] {SandboxTarget.PROP_LATENCY, SandboxTarget.PROP_ERROR_RATE,
            SandboxTarget.PROP_DROP_RATE, SandboxTarget.PROP_JOB_FAILURE_RATE, SandboxTarget.PROP_JOB_HANG_RATE,
            SandboxTarget.PROP_MAX_CONCURRENT_REQUESTS, SandboxTarget.PROP_SERVICE_TIME_MS, SandboxTarget.PROP_FAULTS});
        text(SandboxTarget.PROP_BASE_URL, SandboxTarget.DEFAULT_BASE_URL);
        text(SandboxTarget.PROP_PORT, SandboxTarget.DEFAULT_PORT);
        text(SandboxTarget.PROP_PASSWORD, SandboxTarget.DEFAULT_PASSWORD);
        text(SandboxTarget.PROP_TIME_FACTOR, SandboxTarget.DEFAULT_TIME_FACTOR);
        text(SandboxTarget.PROP_WORKERS, SandboxTarget.DEFAULT_WORKERS);
        text(SandboxTarget.PROP_QUEUE_CAPACITY, SandboxTarget.DEFAULT_QUEUE_CAPACITY);
        text(SandboxTarget.PROP_TOKEN_LIFETIME, SandboxTarget.DEFAULT_TOKEN_LIFETIME);
        text(SandboxTarget.PROP_LATENCY, SandboxTarget.DEFAULT_LATENCY);
        text(SandboxTarget.PROP_ERROR_RATE, SandboxTarget.DEFAULT_ERROR_RATE);
        text(SandboxTarget.PROP_DROP_RATE, SandboxTarget.DEFAULT_DROP_RATE);
        text(SandboxTarget.PROP_JOB_FAILURE_RATE, SandboxTarget.DEFAULT_JOB_FAILURE_RATE);
        text(SandboxTarget.PROP_JOB_HANG_RATE, SandboxTarget.DEFAULT_JOB_HANG_RATE);
        text(SandboxTarget.PROP_MAX_CONCURRENT_REQUESTS, SandboxTarget.DEFAULT_MAX_CONCURRENT_REQUESTS);
        text(SandboxTarget.PROP_SERVICE_TIME_MS, SandboxTarget.DEFAULT_SERVICE_TIME_MS);
        text(SandboxTarget.PROP_FAULTS, SandboxTarget.DEFAULT_FAULTS);
    }

    private void text(String name, String dflt) {
        PropertyDescriptor p = property(name);
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, dflt);
    }
}
