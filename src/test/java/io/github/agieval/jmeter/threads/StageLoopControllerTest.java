package io.github.agieval.jmeter.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.samplers.Sampler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StageLoopControllerTest {

    private StageLoopController controller;

    static final class Named extends AbstractSampler {
        private static final long serialVersionUID = 1L;

        Named(String name) {
            setName(name);
        }

        @Override
        public SampleResult sample(Entry e) {
            return null;
        }
    }

    @BeforeEach
    void setUp() {
        controller = new StageLoopController();
        controller.addTestElement(new Named("a"));
        controller.addTestElement(new Named("b"));
        controller.setRunningVersion(true);
        controller.initialize();
    }

    private List<String> take(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Sampler s = controller.next();
            names.add(s == null ? null : s.getName());
        }
        return names;
    }

    @Test
    void shouldLoopForeverWhenNotRetired() {
        assertThat(controller.getLoops()).isEqualTo(-1);
        assertThat(take(9)).containsExactly("a", "b", "a", "b", "a", "b", "a", "b", "a");
        assertThat(controller.isDone()).isFalse();
    }

    @Test
    void shouldFinishCurrentIterationThenStopWhenRetireRequested() {
        assertThat(take(3)).containsExactly("a", "b", "a");
        assertThat(controller.requestRetire()).isTrue();
        assertThat(controller.requestRetire()).isFalse();
        assertThat(take(1)).containsExactly("b");
        assertThat(controller.isRetired()).isFalse();
        assertThat(take(2)).containsExactly(null, null);
        assertThat(controller.isRetired()).isTrue();
        assertThat(controller.isDone()).isTrue();
        assertThat(controller.cancelRetire()).isFalse();
    }

    @Test
    void shouldKeepLoopingWhenRetireIsCancelledBeforeBoundary() {
        assertThat(take(1)).containsExactly("a");
        controller.requestRetire();
        assertThat(controller.cancelRetire()).isTrue();
        assertThat(take(4)).containsExactly("b", "a", "b", "a");
        assertThat(controller.isDone()).isFalse();
    }

    @Test
    void shouldStopAtStartNextLoopWhenRetiring() {
        assertThat(take(1)).containsExactly("a");
        controller.requestRetire();
        controller.startNextLoop();
        assertThat(controller.isDone()).isTrue();
        assertThat(controller.next()).isNull();
    }

    @Test
    void shouldStartNextLoopNormallyWhenActive() {
        assertThat(take(1)).containsExactly("a");
        controller.startNextLoop();
        assertThat(take(3)).containsExactly("a", "b", "a");
    }

    @Test
    void shouldStartActiveWhenCloned() {
        controller.requestRetire();
        StageLoopController clone = (StageLoopController) controller.clone();
        assertThat(clone.requestRetire()).isTrue();
        assertThat(clone.getLoops()).isEqualTo(-1);
    }
}
