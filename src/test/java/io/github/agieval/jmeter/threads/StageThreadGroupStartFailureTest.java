package io.github.agieval.jmeter.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agieval.jmeter.threads.WorkSampler.Log;
import java.util.concurrent.TimeUnit;
import org.apache.jorphan.util.JMeterStopTestException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A bad setting stops the test in {@link StageThreadGroup#start}, before any user of the group
 * runs, with a message naming the element, the property and the value (issue 16, defects 00
 * and 5).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StageThreadGroupStartFailureTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "StageThreadGroup.graceful_ramp_down | abc  | is not a duration",
        "StageThreadGroup.graceful_ramp_down | -1s  | is not a duration",
        "StageThreadGroup.start_users        | ten  | must be a whole number between 0 and 1000000",
        "StageThreadGroup.time_scale         | fast | must be a positive number",
        "StageThreadGroup.time_scale         | -1   | must be a positive number",
        "StageThreadGroup.stages             | 1m   | stage 1",
    })
    void shouldFailBeforeAnyUserStartsWhenSettingIsBad(String property, String value, String why) {
        VirtualClock clock = new VirtualClock();
        GroupRig rig = new GroupRig("Bad", "2", "1m,2", "1s", clock);
        rig.group.setProperty(property, value);
        Log log = new Log(clock, t -> 10);
        WorkSampler sampler = WorkSampler.of("work", log);
        rig.add(sampler);
        try {
            assertThatThrownBy(rig::start)
                    .isInstanceOf(JMeterStopTestException.class)
                    .hasMessageStartingWith("Stage Thread Group 'Bad': property '" + property + "' = '" + value + "': ")
                    .hasMessageContaining(why)
                    .hasMessageEndingWith("; the test is stopped");
            assertThat(rig.group.schedulerThread()).as("no scheduler").isNull();
            assertThat(rig.group.numberOfActiveThreads()).isZero();
            assertThat(log.samples()).isEmpty();
            assertThat(rig.ended()).isTrue();
        } finally {
            sampler.forget();
        }
    }

    @org.junit.jupiter.api.Test
    void shouldKeepNothingOfEarlierRunWhenNextStartFails() {
        VirtualClock clock = new VirtualClock();
        GroupRig rig = new GroupRig("Again", "1", "100ms,1", "1s", clock);
        Log log = new Log(clock, t -> 30); // retired at 100 ms, mid-iteration: 4 samples
        WorkSampler sampler = WorkSampler.of("work", log);
        rig.add(sampler);
        try {
            rig.start();
            rig.runToEnd(10_000);
            assertThat(rig.group.schedulerThread()).isNotNull();
            assertThat(log.samples()).hasSize(4);

            // as in the GUI: the same element, started again after a field was changed to a bad value
            rig.group.setGracefulRampDown("abc");
            assertThatThrownBy(rig::start).isInstanceOf(JMeterStopTestException.class)
                    .hasMessageContaining("property 'StageThreadGroup.graceful_ramp_down' = 'abc'");
            assertThat(rig.group.schedulerThread()).as("no scheduler of the earlier run").isNull();
            assertThat(rig.group.numberOfActiveThreads()).isZero();
            assertThat(rig.group.verifyThreadsStopped()).isTrue();
            assertThat(log.samples()).hasSize(4);
        } finally {
            sampler.forget();
        }
    }
}
