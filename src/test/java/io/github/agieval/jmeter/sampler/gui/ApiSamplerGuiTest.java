package io.github.agieval.jmeter.sampler.gui;

import static io.github.agieval.jmeter.it.SaveServiceSupport.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.sampler.ApiCallSampler;
import io.github.agieval.jmeter.sampler.ApiSampler;
import io.github.agieval.jmeter.it.JMeterSupport;
import io.github.agieval.jmeter.sampler.JobResultsSampler;
import io.github.agieval.jmeter.sampler.JobStatusSampler;
import io.github.agieval.jmeter.sampler.LoginSampler;
import io.github.agieval.jmeter.sampler.SubmitEvaluationSampler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.jmeter.protocol.http.sampler.HTTPSamplerBase;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.BooleanProperty;
import org.apache.jmeter.testelement.property.StringProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every property of every sampler GUI round-trips through configure / modifyTestElement. */
class ApiSamplerGuiTest {

    @BeforeAll
    static void jmeter() {
        System.setProperty("java.awt.headless", "true");
        JMeterSupport.init();
    }

    static Stream<Arguments> guis() {
        return Stream.of(
                Arguments.of((Supplier<ApiSamplerGui>) LoginSamplerGui::new, LoginSampler.class, "AGI Eval Login", 2),
                Arguments.of((Supplier<ApiSamplerGui>) SubmitEvaluationSamplerGui::new, SubmitEvaluationSampler.class,
                        "AGI Eval Submit Evaluation", 11),
                Arguments.of((Supplier<ApiSamplerGui>) JobStatusSamplerGui::new, JobStatusSampler.class,
                        "AGI Eval Job Status", 4),
                Arguments.of((Supplier<ApiSamplerGui>) JobResultsSamplerGui::new, JobResultsSampler.class,
                        "AGI Eval Job Results", 3),
                Arguments.of((Supplier<ApiSamplerGui>) ApiCallSamplerGui::new, ApiCallSampler.class,
                        "AGI Eval API Call", 8));
    }

    @ParameterizedTest
    @MethodSource("guis")
    void shouldCreateElementWithEveryDefault(Supplier<ApiSamplerGui> factory, Class<?> type, String label,
            int samplerFields) {
        ApiSamplerGui gui = factory.get();

        TestElement el = gui.createTestElement();

        assertThat(el).isInstanceOf(type);
        assertThat(gui.getStaticLabel()).isEqualTo(label);
        assertThat(gui.fields()).hasSize(ApiSamplerGui.commonFields().size() + samplerFields);
        assertThat(el.getPropertyAsString(TestElement.GUI_CLASS)).isEqualTo(gui.getClass().getName());
        assertThat(el.getPropertyAsString(TestElement.TEST_CLASS)).isEqualTo(type.getName());
        for (GuiField f : gui.fields()) {
            assertThat(el.getPropertyAsString(f.key())).as(f.key()).isEqualTo(f.defaultValue());
        }
        assertThat(el.getPropertyAsString(ApiSampler.BASE_PATH)).isEqualTo("${__P(BASE_URL_PATH,)}");
        assertThat(el.getPropertyAsString(HTTPSamplerBase.DOMAIN)).isEmpty();
        assertThat(el.getPropertyAsBoolean(HTTPSamplerBase.USE_KEEPALIVE)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guis")
    void shouldRoundTripEveryPropertyThroughConfigureAndModify(Supplier<ApiSamplerGui> factory, Class<?> type,
            String label, int samplerFields) {
        ApiSamplerGui gui = factory.get();
        TestElement original = gui.createTestElement();
        original.setName("My sampler");
        original.setComment("a comment");
        Map<String, String> wanted = new LinkedHashMap<>();
        for (GuiField f : gui.fields()) {
            String value = switch (f.kind()) {
                case CHECK -> Boolean.toString(!Boolean.parseBoolean(f.defaultValue()));
                case AREA -> "line 1 of " + f.key() + "\nline 2";
                default -> "v-" + f.key();
            };
            original.setProperty(f.key(), value);
            wanted.put(f.key(), value);
        }

        ApiSamplerGui shown = factory.get();
        shown.configure(original);
        for (GuiField f : shown.fields()) {
            assertThat(shown.value(f.key())).as(f.key()).isEqualTo(wanted.get(f.key()));
        }
        TestElement saved = shown.createTestElement();

        assertThat(saved.getName()).isEqualTo("My sampler");
        assertThat(saved.getComment()).isEqualTo("a comment");
        Map<String, String> props = properties(saved);
        wanted.forEach((k, v) -> assertThat(props.get(k)).as(k).isEqualTo(v));
        assertThat(props).isEqualTo(properties(original));
    }

    @ParameterizedTest
    @MethodSource("guis")
    void shouldShowDefaultsForElementWithoutProperties(Supplier<ApiSamplerGui> factory, Class<?> type,
            String label, int samplerFields) throws Exception {
        ApiSamplerGui gui = factory.get();
        for (GuiField f : gui.fields()) {
            gui.setValue(f.key(), f.kind() == GuiField.Kind.CHECK ? "false" : "junk");
        }
        TestElement bare = (TestElement) type.getDeclaredConstructor().newInstance();
        bare.setName("bare");
        for (GuiField f : List.copyOf(gui.fields())) {
            bare.removeProperty(f.key());
        }

        gui.configure(bare);

        for (GuiField f : gui.fields()) {
            assertThat(gui.value(f.key())).as(f.key()).isEqualTo(f.defaultValue());
        }
    }

    static Stream<Arguments> switches() {
        return guis().flatMap(gui -> Stream.of("true", "false", "${__P(X,true)}").map(value ->
                Arguments.of(gui.get()[0], gui.get()[1], value)));
    }

    @ParameterizedTest
    @MethodSource("switches")
    void shouldRoundTripEverySwitchWhenItIsTrueFalseOrAnExpression(Supplier<ApiSamplerGui> factory, Class<?> type,
            String value) {
        ApiSamplerGui gui = factory.get();
        List<GuiField> switches = gui.fields().stream().filter(f -> f.kind() == GuiField.Kind.CHECK).toList();
        assertThat(switches).extracting(GuiField::key).contains(HTTPSamplerBase.USE_KEEPALIVE,
                HTTPSamplerBase.FOLLOW_REDIRECTS, ApiSampler.RELOGIN_ON_401);
        for (GuiField f : switches) {
            TestElement original = gui.createTestElement();
            original.setProperty(value.startsWith("$") ? new StringProperty(f.key(), value)
                    : new BooleanProperty(f.key(), Boolean.parseBoolean(value)));

            ApiSamplerGui shown = factory.get();
            shown.configure(original);
            assertThat(shown.value(f.key())).as(f.key()).isEqualTo(value);
            TestElement saved = shown.createTestElement();

            assertThat(saved.getProperty(f.key()).getStringValue()).as(f.key()).isEqualTo(value);
            assertThat(saved.getProperty(f.key())).as(f.key())
                    .isInstanceOf(value.startsWith("$") ? StringProperty.class : BooleanProperty.class);
            assertThat(properties(saved)).as(f.key()).isEqualTo(properties(original));
        }
    }
}
