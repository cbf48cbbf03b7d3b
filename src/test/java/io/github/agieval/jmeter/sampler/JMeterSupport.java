package io.github.agieval.jmeter.sampler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.util.JMeterUtils;

/** Minimal in-process JMeter set-up for unit tests: properties, locale, a fresh variables map. */
public final class JMeterSupport {

    private static boolean initialized;

    private JMeterSupport() {
    }

    public static synchronized void init() {
        if (initialized) {
            return;
        }
        try {
            Path props = Files.createTempFile("jmeter-test", ".properties");
            Files.writeString(props, "jmeter.save.saveservice.output_format=csv\n");
            props.toFile().deleteOnExit();
            JMeterUtils.loadJMeterProperties(props.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JMeterUtils.setLocale(Locale.ENGLISH);
        initialized = true;
    }

    /** A new, empty variables map for the current thread's context. */
    public static JMeterVariables freshVariables() {
        init();
        JMeterVariables vars = new JMeterVariables();
        JMeterContextService.getContext().setVariables(vars);
        return vars;
    }
}
