package io.github.agieval.jmeter.datagen;

import java.beans.PropertyDescriptor;

import org.apache.jmeter.testbeans.BeanInfoSupport;
import org.apache.jmeter.testbeans.gui.TypeEditor;

/**
 * Describes the {@link DataGenerator} properties for JMeter's generic TestBean GUI: groups,
 * defaults and editors. Display names and descriptions are in
 * {@code DataGeneratorResources.properties}.
 */
public class DataGeneratorBeanInfo extends BeanInfoSupport {

    static final String GROUP_VARIABLES = "variables";
    static final String GROUP_REQUEST = "request";
    static final String GROUP_SCENARIO = "scenario";
    static final String GROUP_RANDOMNESS = "randomness";

    public DataGeneratorBeanInfo() {
        super(DataGenerator.class);

        createPropertyGroup(GROUP_VARIABLES, new String[] {
            DataGenerator.VARIABLE_PREFIX, DataGenerator.REQUEST_VARIABLE,
            DataGenerator.GENERATE_REQUESTS, DataGenerator.GENERATE_SCENARIOS});
        text(DataGenerator.VARIABLE_PREFIX, "");
        text(DataGenerator.REQUEST_VARIABLE, DataGenerator.DEFAULT_REQUEST_VARIABLE);
        flag(DataGenerator.GENERATE_REQUESTS, true);
        flag(DataGenerator.GENERATE_SCENARIOS, true);

        createPropertyGroup(GROUP_REQUEST, new String[] {
            GeneratorSettings.MODELS, GeneratorSettings.BENCHMARKS,
            GeneratorSettings.PROMPTS_MIN, GeneratorSettings.PROMPTS_MAX,
            GeneratorSettings.PROMPT_CHARS_MIN, GeneratorSettings.PROMPT_CHARS_MAX,
            GeneratorSettings.VOCABULARY,
            GeneratorSettings.TEMPERATURE_MIN, GeneratorSettings.TEMPERATURE_MAX,
            GeneratorSettings.MAX_TOKENS_MIN, GeneratorSettings.MAX_TOKENS_MAX,
            GeneratorSettings.TIMEOUT_MIN, GeneratorSettings.TIMEOUT_MAX});
        for (String key : new String[] {GeneratorSettings.MODELS, GeneratorSettings.BENCHMARKS,
            GeneratorSettings.PROMPTS_MIN, GeneratorSettings.PROMPTS_MAX,
            GeneratorSettings.PROMPT_CHARS_MIN, GeneratorSettings.PROMPT_CHARS_MAX,
            GeneratorSettings.TEMPERATURE_MIN, GeneratorSettings.TEMPERATURE_MAX,
            GeneratorSettings.MAX_TOKENS_MIN, GeneratorSettings.MAX_TOKENS_MAX,
            GeneratorSettings.TIMEOUT_MIN, GeneratorSettings.TIMEOUT_MAX}) {
            text(key, GeneratorSettings.defaultValue(key));
        }
        textArea(GeneratorSettings.VOCABULARY);

        createPropertyGroup(GROUP_SCENARIO, new String[] {
            GeneratorSettings.THINK_TIME_MIN_MS, GeneratorSettings.THINK_TIME_MAX_MS,
            GeneratorSettings.SESSION_MIN_S, GeneratorSettings.SESSION_MAX_S,
            GeneratorSettings.ACTION_SEQUENCES, DataGenerator.UNIQUE_USER_IDS});
        for (String key : new String[] {GeneratorSettings.THINK_TIME_MIN_MS, GeneratorSettings.THINK_TIME_MAX_MS,
            GeneratorSettings.SESSION_MIN_S, GeneratorSettings.SESSION_MAX_S}) {
            text(key, GeneratorSettings.defaultValue(key));
        }
        textArea(GeneratorSettings.ACTION_SEQUENCES);
        flag(DataGenerator.UNIQUE_USER_IDS, false);

        createPropertyGroup(GROUP_RANDOMNESS, new String[] {GeneratorSettings.SEED, GeneratorSettings.LOCALE});
        text(GeneratorSettings.SEED, "");
        text(GeneratorSettings.LOCALE, GeneratorSettings.defaultValue(GeneratorSettings.LOCALE));
    }

    private void text(String name, String defaultValue) {
        PropertyDescriptor p = property(name);
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, defaultValue);
    }

    private void textArea(String name) {
        PropertyDescriptor p = property(name, TypeEditor.TextAreaEditor);
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, GeneratorSettings.defaultValue(name));
    }

    private void flag(String name, boolean defaultValue) {
        PropertyDescriptor p = property(name);
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(NOT_EXPRESSION, Boolean.TRUE);
        p.setValue(NOT_OTHER, Boolean.TRUE);
        p.setValue(DEFAULT, defaultValue);
    }
}
