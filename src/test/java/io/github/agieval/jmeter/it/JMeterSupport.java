package io.github.agieval.jmeter.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.util.JMeterUtils;

/**
 * Minimal in-process JMeter set-up for unit tests, which run without a JMeter home: a set of
 * JMeter properties (as a running JMeter has; CSV result format), English locale, headless AWT,
 * and a fresh variables map on demand. ITs that need the real home use {@link SaveServiceSupport}.
 *
 * <p>Threading: {@link #init()} is synchronized and loads the properties once per JVM; tests that
 * set a JMeter property remove it again.
 */
public final class JMeterSupport {

    private JMeterSupport() {
    }

    public static synchronized void init() {
        System.setProperty("java.awt.headless", "true");
        if (JMeterUtils.getJMeterProperties() == null) {
            try {
                Path props = Files.createTempFile("jmeter-test", ".properties");
                Files.writeString(props, "jmeter.save.saveservice.output_format=csv\n");
                JMeterUtils.loadJMeterProperties(props.toString());
                Files.delete(props);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JMeterUtils.setLocale(Locale.ENGLISH);
    }

    /** A new, empty variables map for the current thread's context. */
    public static JMeterVariables freshVariables() {
        init();
        JMeterVariables vars = new JMeterVariables();
        JMeterContextService.getContext().setVariables(vars);
        return vars;
    }
}
