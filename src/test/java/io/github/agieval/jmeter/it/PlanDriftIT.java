package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.plans.PlanGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped plans are what {@link PlanGenerator} writes with JMeter's SaveService: a plan edited
 * by hand (or saved from the GUI) without the generator, or a generator change without new plans,
 * fails here. {@code -Dplans.write=true} rewrites {@code test-plans/} instead of checking it.
 */
class PlanDriftIT {

    @Test
    void shouldShipExactlyThePlansTheGeneratorWrites() throws Exception {
        SaveServiceSupport.initJMeter();
        Path shipped = JMeterHome.projectDir().resolve("test-plans");
        if (Boolean.getBoolean("plans.write")) {
            PlanGenerator.write(shipped);
        }
        Path generated = JMeterHome.buildDir().resolve("generated-plans");
        PlanGenerator.write(generated);

        for (String plan : PlanGenerator.PLANS) {
            assertThat(Files.readString(shipped.resolve(plan + ".jmx")))
                    .as("test-plans/%s.jmx differs from what PlanGenerator writes (run PlanDriftIT with -Dplans.write=true)", plan)
                    .isEqualTo(Files.readString(generated.resolve(plan + ".jmx")));
        }
        try (Stream<Path> files = Files.list(shipped)) {
            assertThat(files.filter(p -> p.toString().endsWith(".jmx")).map(p -> p.getFileName().toString()))
                    .as("every shipped plan is generated")
                    .containsExactlyInAnyOrderElementsOf(PlanGenerator.PLANS.stream().map(p -> p + ".jmx").toList());
        }
    }
}
