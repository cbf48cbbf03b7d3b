package io.github.agieval.jmeter.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.BeanInfo;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.github.agieval.jmeter.it.JMeterSupport;
import org.apache.jmeter.testbeans.gui.TestBeanGUI;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The element's GUI is JMeter's generic TestBean GUI: it must show and keep every property. */
class DataGeneratorGuiTest {

    @BeforeAll
    static void headlessJMeter() {
        JMeterSupport.init();
    }

    private static final Set<String> TEXT_PROPERTIES = Set.of("variablePrefix", "requestVariable", "models",
            "benchmarks", "promptsMin", "promptsMax", "promptCharsMin", "promptCharsMax", "vocabulary",
            "temperatureMin", "temperatureMax", "maxTokensMin", "maxTokensMax", "timeoutMin", "timeoutMax",
            "thinkTimeMinMs", "thinkTimeMaxMs", "sessionMinS", "sessionMaxS", "actionSequences", "locale", "seed");
    private static final Set<String> FLAG_PROPERTIES = Set.of("generateRequests", "generateScenarios",
            "uniqueUserIds");

    @Test
    void shouldDescribeEveryPropertyWithNameDescriptionAndDefaultWhenIntrospected() throws Exception {
        BeanInfo info = Introspector.getBeanInfo(DataGenerator.class);
        ResourceBundle bundle = ResourceBundle.getBundle(
                "io.github.agieval.jmeter.datagen.DataGeneratorResources", Locale.ENGLISH);
        Set<String> described = new TreeSet<>();
        for (PropertyDescriptor p : info.getPropertyDescriptors()) {
            if (p.isHidden() || p.getWriteMethod() == null) {
                continue;
            }
            described.add(p.getName());
            assertThat(bundle.getString(p.getName() + ".displayName")).isNotBlank();
            assertThat(bundle.getString(p.getName() + ".shortDescription")).isNotBlank();
            assertThat(p.getValue("default")).as(p.getName()).isNotNull();
        }
        Set<String> expected = new TreeSet<>(TEXT_PROPERTIES);
        expected.addAll(FLAG_PROPERTIES);
        assertThat(described).isEqualTo(expected);
        assertThat(bundle.getString("displayName")).isEqualTo("AGI Data Generator");
        for (String key : GeneratorSettings.keys()) {
            PropertyDescriptor p = Arrays.stream(info.getPropertyDescriptors())
                    .filter(d -> d.getName().equals(key)).findFirst().orElseThrow();
            assertThat(p.getValue("default")).as(key).isEqualTo(GeneratorSettings.defaultValue(key));
        }
    }

    @Test
    void shouldKeepEveryPropertyWhenConfiguredIntoTheGuiAndModifiedBack() {
        DataGenerator original = new DataGenerator();
        original.setName("My generator");
        original.setComment("a comment");
        Map<String, String> values = new LinkedHashMap<>();
        int i = 0;
        for (String key : TEXT_PROPERTIES) {
            values.put(key, "value-" + key + "-" + (i++) + (key.equals("actionSequences") ? "\nsecond,line" : ""));
        }
        values.forEach(original::setProperty);
        original.setProperty("generateRequests", false);
        original.setProperty("generateScenarios", true);
        original.setProperty("uniqueUserIds", true);

        TestBeanGUI gui = new TestBeanGUI(DataGenerator.class);
        gui.configure(original);
        TestElement copy = gui.createTestElement();
        gui.modifyTestElement(copy);

        assertThat(copy).isInstanceOf(DataGenerator.class);
        assertThat(copy.getName()).isEqualTo("My generator");
        assertThat(copy.getComment()).isEqualTo("a comment");
        values.forEach((key, value) -> assertThat(copy.getPropertyAsString(key)).as(key).isEqualTo(value));
        assertThat(copy.getPropertyAsBoolean("generateRequests")).isFalse();
        assertThat(copy.getPropertyAsBoolean("generateScenarios")).isTrue();
        assertThat(copy.getPropertyAsBoolean("uniqueUserIds")).isTrue();
        assertThat(names(copy)).isEqualTo(names(original));
    }

    private static Set<String> names(TestElement element) {
        Set<String> names = new TreeSet<>();
        for (var it = element.propertyIterator(); it.hasNext();) {
            JMeterProperty p = it.next();
            names.add(p.getName());
        }
        return names.stream().filter(n -> !n.startsWith("TestElement.")).collect(Collectors.toCollection(TreeSet::new));
    }
}
