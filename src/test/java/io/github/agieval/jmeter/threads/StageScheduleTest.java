package io.github.agieval.jmeter.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agieval.jmeter.threads.StageSchedule.Event;
import io.github.agieval.jmeter.threads.StageSchedule.Stage;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageScheduleTest {

    private static final String LOAD_TEST = "5m,50\n10m,50\n5m,0";
    private static final String STRESS_TEST = "2m,100; 5m,100; 2m,200; 5m,200; 2m,0";
    private static final String SPIKE_TEST = "[{\"duration\":\"1m\",\"target\":10},{\"duration\":\"30s\",\"target\":200},"
            + "{\"duration\":\"1m\",\"target\":200},{\"duration\":\"30s\",\"target\":10},{\"duration\":\"1m\",\"target\":10}]";

    @Test
    void shouldParseGoStyleAndBareMillisecondDurationsWhenWellFormed() {
        assertThat(StageSchedule.parseDurationMs("5m")).isEqualTo(300_000);
        assertThat(StageSchedule.parseDurationMs("30s")).isEqualTo(30_000);
        assertThat(StageSchedule.parseDurationMs("1h30m")).isEqualTo(5_400_000);
        assertThat(StageSchedule.parseDurationMs("1m30s250ms")).isEqualTo(90_250);
        assertThat(StageSchedule.parseDurationMs("500ms")).isEqualTo(500);
        assertThat(StageSchedule.parseDurationMs("1.5m")).isEqualTo(90_000);
        assertThat(StageSchedule.parseDurationMs(" 2H ")).isEqualTo(7_200_000);
        assertThat(StageSchedule.parseDurationMs("90")).isEqualTo(90);
        assertThat(StageSchedule.parseDurationMs("2500")).isEqualTo(2_500);
        assertThat(StageSchedule.parseDurationMs("0")).isZero();
        assertThat(StageSchedule.parseDurationMs("0s")).isZero();
    }

    @Test
    void shouldRejectDurationNamingTheValueWhenUnparseable() {
        for (String bad : List.of("5x", "", "m5", "-5s", "5 m", "1h30", "s", "1.m", "five")) {
            assertThatThrownBy(() -> StageSchedule.parseDurationMs(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unparseable duration \"" + bad + "\"");
        }
        assertThatThrownBy(() -> StageSchedule.parseDurationMs("9000h"))
                .hasMessageContaining("\"9000h\" exceeds one year");
    }

    @Test
    void shouldParseTextStagesWhenLinesSemicolonsAndCommentsAreMixed() {
        List<Stage> stages = StageSchedule.parseStages("# warm up\n 30s , 10 \r\n\n1m,10;2m,0 # down\n");
        assertThat(stages).containsExactly(new Stage(30_000, 10), new Stage(60_000, 10), new Stage(120_000, 0));
    }

    @Test
    void shouldParseK6JsonStagesWhenCopiedFromScenario() {
        assertThat(StageSchedule.parseStages(SPIKE_TEST)).containsExactly(
                new Stage(60_000, 10), new Stage(30_000, 200), new Stage(60_000, 200),
                new Stage(30_000, 10), new Stage(60_000, 10));
        assertThat(StageSchedule.parseStages("[{\"duration\": 90000, \"target\": \"5\"}]"))
                .containsExactly(new Stage(90_000, 5));
    }

    @Test
    void shouldNameStageAndValueWhenStageIsBad() {
        assertThatThrownBy(() -> StageSchedule.parseStages("1m,10\n5x,20"))
                .hasMessage("stage 2: unparseable duration \"5x\" (use e.g. 30s, 5m, 1h30m, 500ms, or plain milliseconds)");
        assertThatThrownBy(() -> StageSchedule.parseStages("1m,-5"))
                .hasMessage("stage 1: target -5 is not between 0 and 1000000");
        assertThatThrownBy(() -> StageSchedule.parseStages("1m,ten"))
                .hasMessage("stage 1: target \"ten\" is not a whole number");
        assertThatThrownBy(() -> StageSchedule.parseStages("1m 10"))
                .hasMessage("stage 1 \"1m 10\" is not \"duration,target\" (e.g. 5m,50)");
        assertThatThrownBy(() -> StageSchedule.parseStages("  \n# nothing\n"))
                .hasMessageStartingWith("no stages");
        assertThatThrownBy(() -> StageSchedule.parseStages("[]")).hasMessageStartingWith("no stages");
        assertThatThrownBy(() -> StageSchedule.parseStages("[{\"duration\":\"1m\"}]"))
                .hasMessage("stage 1 {\"duration\":\"1m\"} needs \"duration\" and \"target\"");
        assertThatThrownBy(() -> StageSchedule.parseStages("{\"stages\":[]}"))
                .hasMessageStartingWith("JSON stages must be an array");
        assertThatThrownBy(() -> StageSchedule.parseStages("[{\"duration\":"))
                .hasMessageStartingWith("not valid JSON");
    }

    @Test
    void shouldRejectScheduleWhenTotalIsZeroOrStartUsersNegative() {
        assertThatThrownBy(() -> StageSchedule.parse(5, "0s,10")).hasMessage("total duration is 0");
        assertThatThrownBy(() -> StageSchedule.parse(-1, "1m,10"))
                .hasMessage("start users must be between 0 and 1000000: -1");
        assertThatThrownBy(() -> StageSchedule.of(0, List.of())).hasMessage("no stages");
    }

    @Test
    void shouldFollowK6LoadTestShapeWhenStartVusIsTen() {
        StageSchedule s = StageSchedule.parse(10, LOAD_TEST);
        assertThat(s.totalDurationMs()).isEqualTo(1_200_000);
        assertThat(s.maxUsers()).isEqualTo(50);
        assertThat(s.targetAt(0)).isEqualTo(10);
        // 40 users over 300 s: one every 7.5 s
        assertThat(s.targetAt(7_499)).isEqualTo(10);
        assertThat(s.targetAt(7_500)).isEqualTo(11);
        assertThat(s.targetAt(150_000)).isEqualTo(30);
        assertThat(s.targetAt(299_999)).isEqualTo(49);
        assertThat(s.targetAt(300_000)).isEqualTo(50);
        assertThat(s.targetAt(899_999)).isEqualTo(50);
        // 50 users removed over 300 s: one every 6 s, truncated toward the stage's start (ceil on the way down)
        assertThat(s.targetAt(905_999)).isEqualTo(50);
        assertThat(s.targetAt(906_000)).isEqualTo(49);
        assertThat(s.targetAt(1_199_999)).isEqualTo(1);
        assertThat(s.targetAt(1_200_000)).isZero();
        assertThat(s.nextChangeAfter(0)).isEqualTo(7_500);
        assertThat(s.nextChangeAfter(300_000)).isEqualTo(906_000);
        assertThat(s.nextChangeAfter(1_194_000)).isEqualTo(1_200_000);
        assertThat(s.nextChangeAfter(1_200_000)).isEqualTo(-1);
        List<Event> events = s.events();
        assertThat(events).hasSize(1 + 40 + 50);
        assertThat(events.get(0)).isEqualTo(new Event(0, 10));
        assertThat(events.get(40)).isEqualTo(new Event(300_000, 50));
        assertThat(events.get(41)).isEqualTo(new Event(906_000, 49));
        assertThat(events.get(90)).isEqualTo(new Event(1_200_000, 0));
    }

    @Test
    void shouldStepExactlyWhenRampIsNotAWholeNumberOfMillisecondsPerUser() {
        StageSchedule s = StageSchedule.parse(0, "3s,3\n2s,3\n2s,0");
        assertThat(s.events()).containsExactly(
                new Event(0, 0), new Event(1_000, 1), new Event(2_000, 2), new Event(3_000, 3),
                new Event(5_667, 2), new Event(6_334, 1), new Event(7_000, 0));
        assertThat(s.targetAt(5_666)).isEqualTo(3);
        assertThat(s.targetAt(6_333)).isEqualTo(2);
    }

    @Test
    void shouldJumpAtOnceWhenStageDurationIsZero() {
        StageSchedule s = StageSchedule.parse(5, "0s,20\n1s,20\n0s,4\n1s,4");
        assertThat(s.targetAt(0)).isEqualTo(20);
        assertThat(s.targetAt(999)).isEqualTo(20);
        assertThat(s.targetAt(1_000)).isEqualTo(4);
        assertThat(s.events()).containsExactly(new Event(0, 20), new Event(1_000, 4), new Event(2_000, 0));
    }

    @Test
    void shouldEndWithZeroUsersWhenLastStageHoldsUsers() {
        StageSchedule s = StageSchedule.parse(5, "2s,5");
        assertThat(s.events()).containsExactly(new Event(0, 5), new Event(2_000, 0));
        assertThat(s.nextChangeAfter(-10)).isEqualTo(0);
    }

    @Test
    void shouldStartManyUsersInOneMillisecondWhenRampIsSteep() {
        StageSchedule s = StageSchedule.parse(0, "100ms,1000\n1s,1000");
        assertThat(s.targetAt(1)).isEqualTo(10);
        assertThat(s.targetAt(50)).isEqualTo(500);
        assertThat(s.nextChangeAfter(0)).isEqualTo(1);
        assertThat(s.events()).hasSize(1 + 100 + 1);
    }

    @Test
    void shouldAgreeWithEventsAtEveryMillisecondWhenShapesAreTheSeedScenarios() {
        for (StageSchedule s : List.of(
                StageSchedule.parse(10, LOAD_TEST).scaled(0.01),
                StageSchedule.parse(0, STRESS_TEST).scaled(0.01),
                StageSchedule.parse(0, SPIKE_TEST).scaled(0.01),
                StageSchedule.parse(3, "700ms,10\n0s,2\n300ms,9\n1s,0"))) {
            List<Event> events = s.events();
            int e = 0;
            for (long t = 0; t <= s.totalDurationMs() + 5; t++) {
                while (e + 1 < events.size() && events.get(e + 1).timeMs() <= t) {
                    e++;
                }
                assertThat(s.targetAt(t)).as("%s at %d ms", s, t).isEqualTo(events.get(e).users());
            }
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).users()).isNotEqualTo(events.get(i - 1).users());
                assertThat(Math.abs(events.get(i).users() - events.get(i - 1).users()))
                        .as("a ramp moves one user per step unless steps share a millisecond or a stage jumps")
                        .isPositive();
            }
        }
    }

    @Test
    void shouldMatchSeedStressAndSpikeNumbersWhenParsed() {
        StageSchedule stress = StageSchedule.parse(10, STRESS_TEST);
        assertThat(stress.totalDurationMs()).isEqualTo(16 * 60_000);
        assertThat(stress.maxUsers()).isEqualTo(200);
        assertThat(stress.targetAt(60_000)).isEqualTo(55);
        assertThat(stress.targetAt(8 * 60_000)).isEqualTo(150);
        assertThat(stress.targetAt(15 * 60_000)).isEqualTo(100);
        StageSchedule spike = StageSchedule.parse(10, SPIKE_TEST);
        assertThat(spike.targetAt(0)).isEqualTo(10);
        assertThat(spike.targetAt(59_999)).isEqualTo(10);
        assertThat(spike.totalDurationMs()).isEqualTo(240_000);
        assertThat(spike.targetAt(60_000)).isEqualTo(10);
        assertThat(spike.targetAt(75_000)).isEqualTo(105);
        assertThat(spike.targetAt(90_000)).isEqualTo(200);
        assertThat(spike.targetAt(165_000)).isEqualTo(105);
        assertThat(spike.targetAt(239_999)).isEqualTo(10);
    }

    @Test
    void shouldScaleEveryDurationWhenFactorIsGiven() {
        StageSchedule s = StageSchedule.parse(10, LOAD_TEST).scaled(0.01);
        assertThat(s.stages()).containsExactly(new Stage(3_000, 50), new Stage(6_000, 50), new Stage(3_000, 0));
        assertThat(s.startUsers()).isEqualTo(10);
        assertThat(StageSchedule.parse(0, "1s,1").scaled(2.5).totalDurationMs()).isEqualTo(2_500);
        assertThatThrownBy(() -> s.scaled(0)).hasMessage("time scale must be a positive number: 0.0");
        assertThatThrownBy(() -> s.scaled(-1)).hasMessage("time scale must be a positive number: -1.0");
        assertThatThrownBy(() -> s.scaled(Double.NaN)).hasMessage("time scale must be a positive number: NaN");
        assertThatThrownBy(() -> StageSchedule.parse(0, "1s,1").scaled(0.0001)).hasMessage("total duration is 0");
    }

    @Test
    void shouldRoundTripStageTextWhenFormatted() {
        StageSchedule s = StageSchedule.parse(0, "1h30m,5\n90000,6\n1500ms,7\n0,8");
        assertThat(s.toStageText()).isEqualTo("1h30m,5\n1m30s,6\n1s500ms,7\n0s,8");
        assertThat(StageSchedule.parseStages(s.toStageText())).isEqualTo(s.stages());
    }

    @Test
    void shouldExpandStepsIntoRampsAndHoldsWhenAStaircaseIsGiven() {
        assertThat(StageSchedule.parseStages("steps(3,+10,10s,1m)"))
                .isEqualTo(StageSchedule.parseStages("10s,10; 1m,10; 10s,20; 1m,20; 10s,30; 1m,30"));
        assertThat(StageSchedule.parseStages("30s,5; STEPS( 2 , 5 , 0s , 20s ); 10s,0"))
                .isEqualTo(StageSchedule.parseStages("30s,5; 0s,10; 20s,10; 0s,15; 20s,15; 10s,0"));
    }

    @Test
    void shouldRejectStepsNamingTheBadPartWhenMalformed() {
        assertThatThrownBy(() -> StageSchedule.parseStages("steps(3,+10,10s)"))
                .hasMessageContaining("stage 1 \"steps(3,+10,10s)\" is not \"steps(count,+users,ramp,hold)\"");
        assertThatThrownBy(() -> StageSchedule.parseStages("1m,5; steps(x,+10,10s,1m)"))
                .hasMessageContaining("stage 2: step count \"x\" is not a whole number");
        assertThatThrownBy(() -> StageSchedule.parseStages("steps(0,+10,10s,1m)"))
                .hasMessageContaining("step count 0 is not between 1 and 1000");
        assertThatThrownBy(() -> StageSchedule.parseStages("steps(2,+0,10s,1m)"))
                .hasMessageContaining("step users 0 must be at least 1");
        assertThatThrownBy(() -> StageSchedule.parseStages("steps(2,+1,10s,0s)"))
                .hasMessageContaining("step hold must be longer than 0");
        assertThatThrownBy(() -> StageSchedule.parseStages("steps(2,+1,10x,1m)"))
                .hasMessageContaining("stage 1: unparseable duration \"10x\"");
    }

    @Test
    void shouldPlaceStagesInWallClockTimeWhenBuildingTheTimeline() {
        StageSchedule s = StageSchedule.parse(10, STRESS_TEST).scaled(0.01);
        var plan = s.timeline("Stages 1", 1_000_000);
        assertThat(plan.stages()).hasSize(5);
        assertThat(plan.stages().get(0)).isEqualTo(new io.github.agieval.jmeter.common.StageTimeline.Stage(
                1, 1_000_000, 1_001_200, 10, 100));
        assertThat(plan.stages().get(1).steady()).isTrue();
        assertThat(plan.stages().get(1).startMs()).isEqualTo(1_001_200);
        assertThat(plan.stages().get(3).shape()).isEqualTo("hold 200");
        assertThat(plan.stages().get(2).shape()).isEqualTo("ramp 100->200");
        assertThat(plan.endMs()).isEqualTo(1_000_000 + s.totalDurationMs());
        assertThat(plan.stageAt(1_001_200).number()).isEqualTo(2);
        assertThat(plan.stageAt(plan.endMs())).isNull();
        assertThat(plan.peakUsers()).isEqualTo(200);
    }
}
