package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The CI example {@code docs/examples/github-actions-load-test.yml} is a valid GitHub Actions
 * workflow (YAML that parses, a job with steps), runs the README's command 1 with only the options
 * the README documents, and publishes what the suite produces: the KPI JUnit XML as test results,
 * the KPI HTML report and JMeter's dashboard as artifacts, and the KPI HTML report for reading in
 * the run's summary.
 */
class CiExampleIT {

    private static final Pattern OPTION = Pattern.compile("(-D[\\w.]+)=");

    @Test
    @SuppressWarnings("unchecked")
    void shouldRunReadmeCommandAndPublishKpiReportsWhenWorkflowIsUsed() throws Exception {
        Path project = JMeterHome.projectDir();
        String yamlText = Files.readString(project.resolve("docs/examples/github-actions-load-test.yml"),
                StandardCharsets.UTF_8);
        Map<String, Object> workflow = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        assertThat(workflow).containsKeys("name", "jobs");
        Map<String, Object> jobs = (Map<String, Object>) workflow.get("jobs");
        assertThat(jobs).hasSize(1);
        Map<String, Object> job = (Map<String, Object>) jobs.values().iterator().next();
        List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
        assertThat(steps).isNotEmpty().allMatch(s -> s.containsKey("uses") || s.containsKey("run"));

        // the README's command 1, with the options the README documents
        String readme = Files.readString(project.resolve("README.md"), StandardCharsets.UTF_8);
        String command = "./mvnw -B verify -DskipTests";
        assertThat(readme).contains(command);
        List<String> runs = new ArrayList<>();
        for (Map<String, Object> s : steps) {
            if (s.get("run") != null) {
                runs.add(String.valueOf(s.get("run")));
            }
        }
        assertThat(runs).filteredOn(r -> r.contains("./mvnw")).as("one Maven command").hasSize(1);
        String load = runs.stream().filter(r -> r.contains("./mvnw")).findFirst().orElseThrow();
        assertThat(load.replaceAll("\\\\\\n\\s*", " ")).contains(command);
        Set<String> options = new TreeSet<>();
        Matcher m = OPTION.matcher(load);
        while (m.find()) {
            options.add(m.group(1));
        }
        assertThat(options).isNotEmpty();
        for (String option : options) {
            assertThat(readme).as("README documents %s", option).contains("`" + option + "=");
        }

        // what it publishes
        String uses = steps.stream().map(s -> String.valueOf(s.get("uses"))).reduce("", (a, b) -> a + "\n" + b);
        assertThat(uses).contains("actions/upload-artifact", "action-junit-report");
        String all = yamlText;
        assertThat(all).contains("target/kpi/", "kpi-junit.xml", "kpi-report.html", "target/jmeter/reports/");
        assertThat(all).as("the KPI verdict in the run's summary").contains("GITHUB_STEP_SUMMARY");
        for (Map<String, Object> s : steps) {
            if (String.valueOf(s.get("uses")).contains("upload-artifact")
                    || String.valueOf(s.get("uses")).contains("junit-report")) {
                assertThat(s).as("published even when a KPI fails the job").containsEntry("if", "always()");
            }
        }
    }
}
