package io.github.agieval.jmeter.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SplitMixRandomTest {

    @Test
    void shouldRepeatTheSequenceWhenReseededWithTheSameSeed() {
        SplitMixRandom random = new SplitMixRandom(5);
        long[] first = {random.nextLong(), random.nextInt(10), random.nextLong()};
        random.reseed(5);
        assertThat(new long[] {random.nextLong(), random.nextInt(10), random.nextLong()}).isEqualTo(first);
        random.setSeed(5);
        assertThat(random.nextLong()).isEqualTo(first[0]);
        assertThat(new SplitMixRandom(6).nextLong()).isNotEqualTo(first[0]);
    }

    @Test
    void shouldDrawEveryValueOfTheBoundEquallyOftenWhenDrawingInts() {
        SplitMixRandom random = new SplitMixRandom(1);
        int[] counts = new int[7];
        for (int i = 0; i < 700_000; i++) {
            counts[random.nextInt(7)]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(99_000, 101_000);
        }
        assertThat(random.nextInt(1)).isZero();
        assertThatThrownBy(() -> random.nextInt(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldStayInTheUnitIntervalWhenDrawingDoubles() {
        SplitMixRandom random = new SplitMixRandom(2);
        double min = 1;
        double max = 0;
        double sum = 0;
        for (int i = 0; i < 100_000; i++) {
            double d = random.nextDouble();
            min = Math.min(min, d);
            max = Math.max(max, d);
            sum += d;
        }
        assertThat(min).isGreaterThanOrEqualTo(0.0).isLessThan(0.001);
        assertThat(max).isLessThan(1.0).isGreaterThan(0.999);
        assertThat(sum / 100_000).isBetween(0.495, 0.505);
    }
}
