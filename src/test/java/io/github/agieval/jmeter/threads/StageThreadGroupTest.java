package io.github.agieval.jmeter.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import io.github.agieval.jmeter.common.InvalidSettingException;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.junit.jupiter.api.Test;

class StageThreadGroupTest {

    private static StageThreadGroup group(String start, String stages, String scale, String grace) {
        StageThreadGroup tg = new StageThreadGroup();
        tg.setName("Users");
        tg.setStartUsers(start);
        tg.setStages(stages);
        tg.setTimeScale(scale);
        tg.setGracefulRampDown(grace);
        return tg;
    }

    @Test
    void shouldUseDefaultsWhenPropertiesAreUnset() {
        StageThreadGroup tg = new StageThreadGroup();
        assertThat(tg.getStartUsers()).isEqualTo("0");
        assertThat(tg.getTimeScale()).as("empty: the TIME_SCALE property").isEmpty();
        assertThat(tg.getGracefulRampDown()).isEqualTo("30s");
        assertThat(tg.getStages()).isEmpty();
        assertThat(tg.getSamplerController()).isInstanceOf(StageLoopController.class);
        assertThat(tg.getOnErrorStartNextLoop()).isFalse();
        assertThat(tg.getOnErrorStopThread()).isFalse();
        assertThat(tg.isSameUserOnNextIteration()).isTrue();
        assertThat(tg.getProperty(StageThreadGroup.TIME_SCALE).getStringValue()).isEmpty();
    }

    @Test
    void shouldUseDefaultsWhenGuiWritesEmptyStrings() {
        // the GUI writes "" for an empty field (issue 16, defect 00)
        StageThreadGroup tg = group("", "1m,5", "", "");
        StageSchedule s = tg.schedule();
        assertThat(s.startUsers()).isZero();
        assertThat(s.totalDurationMs()).isEqualTo(60_000);
        assertThat(tg.gracefulRampDownMs()).isEqualTo(30_000);
        assertThat(tg.getNumThreads()).isEqualTo(5);
        StageThreadGroup blanks = group("  ", "1m,5", " ", "\t");
        assertThat(blanks.schedule().totalDurationMs()).isEqualTo(60_000);
        assertThat(blanks.gracefulRampDownMs()).isEqualTo(30_000);
    }

    @Test
    void shouldScaleStagesAndGraceWhenTimeScaleIsSet() {
        StageThreadGroup tg = group("10", "5m,50\n10m,50\n5m,0", "0.01", "30s");
        StageSchedule s = tg.schedule();
        assertThat(s.totalDurationMs()).isEqualTo(12_000);
        assertThat(s.targetAt(0)).isEqualTo(10);
        assertThat(s.targetAt(3_000)).isEqualTo(50);
        assertThat(tg.gracefulRampDownMs()).isEqualTo(300);
        assertThat(tg.getNumThreads()).isEqualTo(50);
    }

    @Test
    void shouldNameElementPropertyAndValueWhenInputIsBad() {
        assertThatThrownBy(() -> group("10", "5x,50", "1", "30s").schedule())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Stage Thread Group 'Users': property 'StageThreadGroup.stages' = '5x,50': stage 1:"
                        + " unparseable duration \"5x\" (use e.g. 30s, 5m, 1h30m, 500ms, or plain milliseconds)");
        assertThatThrownBy(() -> group("10", "1m,-3", "1", "30s").schedule())
                .hasMessage("Stage Thread Group 'Users': property 'StageThreadGroup.stages' = '1m,-3': stage 1:"
                        + " target -3 is not between 0 and 1000000");
        assertThatThrownBy(() -> group("10", "", "1", "30s").schedule())
                .hasMessage("Stage Thread Group 'Users': property 'StageThreadGroup.stages' = '': must not be empty");
        assertThatThrownBy(() -> group("10", "1m,5", "0", "30s").schedule())
                .hasMessage("Stage Thread Group 'Users': property 'StageThreadGroup.time_scale' = '0':"
                        + " must be a positive number");
        assertThatThrownBy(() -> group("ten", "1m,5", "1", "30s").schedule())
                .hasMessage("Stage Thread Group 'Users': property 'StageThreadGroup.start_users' = 'ten':"
                        + " must be a whole number between 0 and 1000000");
        assertThatThrownBy(() -> group("-1", "1m,5", "1", "30s").schedule())
                .hasMessageContaining("property 'StageThreadGroup.start_users' = '-1'");
        assertThatThrownBy(() -> group("1", "1m,5", "1", "soon").gracefulRampDownMs())
                .hasMessage("Stage Thread Group 'Users': property 'StageThreadGroup.graceful_ramp_down' = 'soon':"
                        + " is not a duration (use e.g. 500ms, 30s, 5m, 1h30m, or a number of milliseconds)");
        assertThat(group("10", "5x,50", "1", "30s").getNumThreads()).isZero();
    }

    @Test
    void shouldKeepPropertiesAndRunAgainWhenSerializedForRemoteEngines() throws Exception {
        StageThreadGroup tg = group("3", "1m,5", "${__P(TIME_SCALE,1)}", "10s");
        tg.setProperty(AbstractThreadGroup.ON_SAMPLE_ERROR, AbstractThreadGroup.ON_SAMPLE_ERROR_START_NEXT_LOOP);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(tg);
        }
        StageThreadGroup copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (StageThreadGroup) in.readObject();
        }
        assertThat(copy.getStartUsers()).isEqualTo("3");
        assertThat(copy.getStages()).isEqualTo("1m,5");
        assertThat(copy.getTimeScale()).isEqualTo("${__P(TIME_SCALE,1)}");
        assertThat(copy.getGracefulRampDown()).isEqualTo("10s");
        assertThat(copy.getOnErrorStartNextLoop()).isTrue();
        assertThat(copy.getSamplerController()).isInstanceOf(StageLoopController.class);
        assertThat(((StageLoopController) copy.getSamplerController()).requestRetire()).isTrue();
        assertThat(copy.numberOfActiveThreads()).isZero();
        assertThat(copy.verifyThreadsStopped()).isTrue();
        copy.waitThreadsStopped();
        copy.stop();
        copy.tellThreadsToStop();
    }

    @Test
    void shouldCopyPropertiesWhenCloned() {
        StageThreadGroup tg = group("2", "30s,4", "0.5", "1s");
        StageThreadGroup clone = (StageThreadGroup) tg.clone();
        assertThat(clone.schedule().stages()).isEqualTo(tg.schedule().stages());
        assertThat(clone.getSamplerController()).isNotSameAs(tg.getSamplerController())
                .isInstanceOf(StageLoopController.class);
        assertThat(clone.gracefulRampDownMs()).isEqualTo(500);
    }

    @Test
    void shouldRefuseAddingThreadsWhenAsked() {
        assertThatThrownBy(() -> group("1", "1m,1", "1", "1s").addNewThread(0, null))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Stage Thread Group \"Users\"");
    }
}
