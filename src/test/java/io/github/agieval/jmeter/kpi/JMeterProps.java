package io.github.agieval.jmeter.kpi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.jmeter.util.JMeterUtils;

/** Gives unit tests an (empty) set of JMeter properties, as a running JMeter has. */
final class JMeterProps {

    private JMeterProps() {
    }

    static synchronized void init() {
        if (JMeterUtils.getJMeterProperties() == null) {
            try {
                Path f = Files.createTempFile("jmeter", ".properties");
                JMeterUtils.loadJMeterProperties(f.toString());
                Files.delete(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
