package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar $JMETER_HOME/lib/ext/agieval-jmeter-plugins-*.jar sandbox --port 0} from the
 * assembled stock JMeter home: the manifest class path finds Undertow and JMeter's Jackson in
 * {@code lib/}, the server answers, and SIGTERM stops it gracefully.
 */
class SandboxCommandIT {

    @Test
    void shouldRunFromThePluginJarInJMeterLibExt() throws Exception {
        JMeterHome home = JMeterHome.assembled();
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", home.pluginJar().toString(), "sandbox", "--port", "0", "--time-factor", "0.01",
                "--latency", "fixed:1", "--error-rate-for", "GET /api/v1/models=1.0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder head = new StringBuilder();
            Pattern listening = Pattern.compile("^AGI Evaluation Sandbox \\S+ listening on (http://127\\.0\\.0\\.1:\\d+) \\(undertow server");
            Matcher m = null;
            for (int i = 0; i < 10 && m == null; i++) {
                String line = out.readLine();
                assertThat(line).as("output so far: " + head).isNotNull();
                head.append(line).append('\n');
                Matcher candidate = listening.matcher(line);
                m = candidate.find() ? candidate : null;
            }
            assertThat(m).as(head.toString()).isNotNull();
            // nothing but the sandbox's own log line before it: no SLF4J or XNIO noise
            assertThat(head.toString()).doesNotContain("SLF4J").doesNotContain("XNIO");
            String base = m.group(1);
            String token = null;
            for (int i = 0; i < 10 && token == null; i++) {
                String line = out.readLine();
                assertThat(line).as("output so far: " + head).isNotNull();
                head.append(line).append('\n');
                if (line.startsWith("admin token (generated")) {
                    token = line.substring(line.lastIndexOf(": ") + 2).trim();
                }
            }
            assertThat(token).as("the generated admin token is printed at start: " + head).isNotNull().hasSize(43);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"").contains("\"version\":\"0.1.0-SNAPSHOT\"");
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/__admin/faults")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("admin without the token").isEqualTo(401);
            HttpResponse<String> faults = http.send(HttpRequest.newBuilder(URI.create(base + "/__admin/faults"))
                    .header("X-Admin-Token", token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(faults.statusCode()).isEqualTo(200);
            assertThat(faults.body()).contains("\"latency\":\"fixed:1\"")
                    .contains("\"error_rate_by_endpoint\":{\"GET /api/v1/models\":1.0}");
            // abuse first: 50 connections that declare a 1 MiB body and never send it
            List<java.net.Socket> stalled = new ArrayList<>();
            try {
                URI u = URI.create(base);
                for (int i = 0; i < 50; i++) {
                    java.net.Socket s = new java.net.Socket("127.0.0.1", u.getPort());
                    s.getOutputStream().write(("POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                            + "\r\nContent-Length: 1048576\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                    stalled.add(s);
                }
                long t0 = System.nanoTime();
                p.toHandle().destroy(); // SIGTERM (keeps our end of the pipes open): the shutdown hook closes it
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("SIGTERM stops it despite stalled clients").isTrue();
                assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(10);
            } finally {
                for (java.net.Socket s : stalled) {
                    s.close();
                }
            }
            StringBuilder rest = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertThat(rest.toString()).contains("AGI Evaluation Sandbox stopped");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void shouldExitTwoAndNameTheBadOption() throws Exception {
        JMeterHome home = JMeterHome.assembled();
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                home.pluginJar().toString(), "sandbox", "--error-rate", "2").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(text).contains("sandbox: option --error-rate: 'error_rate' must be a fraction between 0 and 1, got 2.0");
    }
}
