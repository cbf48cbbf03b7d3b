package io.github.agieval.jmeter.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.agieval.jmeter.it.JMeterSupport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.jmeter.engine.util.CompoundVariable;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.ThreadGroup;
import org.apache.jmeter.util.JMeterUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeightedChoiceFunctionTest {

    private static final String JOURNEY = "${__weightedChoice(health:10,auth:15,models:25,evaluation:50)}";

    @BeforeEach
    void jmeter() {
        JMeterSupport.freshVariables();
    }

    @AfterEach
    void clear() {
        JMeterUtils.getJMeterProperties().remove("SEED");
        JMeterContext ctx = JMeterContextService.getContext();
        ctx.setThreadGroup(null);
        ctx.setThreadNum(0);
    }

    /** {@code n} choices of a fresh thread number {@code threadNum} of group {@code group}. */
    private static List<String> draws(String expression, String group, int threadNum, int n) {
        JMeterSupport.freshVariables();
        JMeterContext ctx = JMeterContextService.getContext();
        ThreadGroup tg = new ThreadGroup();
        tg.setName(group);
        ctx.setThreadGroup(tg);
        ctx.setThreadNum(threadNum);
        CompoundVariable f = new CompoundVariable(expression);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(f.execute());
        }
        return out;
    }

    @Test
    void shouldGiveEachThreadTheSameSequenceWhenTheSeedIsTheSame() {
        JMeterUtils.setProperty("SEED", "42");
        List<String> first = draws(JOURNEY, "arrivals", 3, 200);
        List<String> again = draws(JOURNEY, "arrivals", 3, 200);
        List<String> otherThread = draws(JOURNEY, "arrivals", 4, 200);
        JMeterUtils.setProperty("SEED", "43");
        List<String> otherSeed = draws(JOURNEY, "arrivals", 3, 200);

        assertThat(again).isEqualTo(first);
        assertThat(otherThread).isNotEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(first).containsAnyOf("health", "auth", "models", "evaluation")
                .allMatch(c -> List.of("health", "auth", "models", "evaluation").contains(c));
    }

    @Test
    void shouldNotDependOnWhatOtherThreadsDrewWhenThreadsInterleave() {
        JMeterUtils.setProperty("SEED", "7");
        List<String> alone = draws(JOURNEY, "g", 1, 20);
        draws(JOURNEY, "g", 2, 500); // another thread draws a lot in between
        assertThat(draws(JOURNEY, "g", 1, 20)).isEqualTo(alone);
    }

    @Test
    void shouldFollowTheWeightsWhenDrawingMany() {
        JMeterUtils.setProperty("SEED", "1");
        int n = 40_000;
        Map<String, Integer> counts = new HashMap<>();
        draws(JOURNEY + "${__weightedChoice(never:0,always:3)}", "g", 1, n).forEach(pair -> {
            String journey = pair.replaceAll("(never|always)$", "");
            counts.merge(journey, 1, Integer::sum);
            counts.merge(pair.substring(journey.length()), 1, Integer::sum);
        });
        // 4 standard deviations of a share p over n draws is below 1 percentage point here
        assertThat(counts.get("health") / (double) n).isCloseTo(0.10, within(0.01));
        assertThat(counts.get("auth") / (double) n).isCloseTo(0.15, within(0.01));
        assertThat(counts.get("models") / (double) n).isCloseTo(0.25, within(0.01));
        assertThat(counts.get("evaluation") / (double) n).isCloseTo(0.50, within(0.01));
        assertThat(counts).doesNotContainKey("never").containsEntry("always", n);
    }

    @Test
    void shouldDrawWithARandomSeedWhenNoSeedIsSet() {
        assertThat(draws(JOURNEY, "g", 1, 10)).hasSize(10)
                .allMatch(c -> List.of("health", "auth", "models", "evaluation").contains(c));
    }

    @Test
    void shouldNameTheParameterAndValueWhenAWeightIsBad() {
        assertThatThrownBy(() -> draws("${__weightedChoice(health:10,auth:x)}", "g", 1, 1))
                .hasMessage("__weightedChoice: parameter 2 = 'auth:x': the weight 'x' is not a whole number >= 0");
        assertThatThrownBy(() -> draws("${__weightedChoice(health:10,auth:-5)}", "g", 1, 1))
                .hasMessageContaining("parameter 2 = 'auth:-5'");
        assertThatThrownBy(() -> draws("${__weightedChoice(health,auth:5)}", "g", 1, 1))
                .hasMessage("__weightedChoice: parameter 1 = 'health': is not name:weight (e.g. health:10)");
        assertThatThrownBy(() -> draws("${__weightedChoice(a:1,a:2)}", "g", 1, 1))
                .hasMessageContaining("parameter 2 = 'a:2': the name 'a' is given twice");
        assertThatThrownBy(() -> draws("${__weightedChoice(a:0,b:0)}", "g", 1, 1))
                .hasMessageContaining("every weight is 0");
        JMeterUtils.setProperty("SEED", "abc");
        assertThatThrownBy(() -> draws(JOURNEY, "g", 1, 1))
                .hasMessage("__weightedChoice: property SEED = 'abc': must be empty (random) or a whole number");
    }

    @Test
    void shouldPickByCumulativeWeightWhenGivenTheRandomBits() {
        List<WeightedChoiceFunction.Choice> c = WeightedChoiceFunction.parse(List.of("a:1", "b:0", "c:3"));
        assertThat(WeightedChoiceFunction.pick(c, 0L)).isEqualTo("a");
        assertThat(WeightedChoiceFunction.pick(c, 0x3FFF_FFFF_FFFF_FFFFL)).isEqualTo("a"); // just under 1/4
        assertThat(WeightedChoiceFunction.pick(c, 0x4000_0000_0000_0000L)).isEqualTo("c"); // 1/4
        assertThat(WeightedChoiceFunction.pick(c, -1L)).isEqualTo("c");
    }
}
