package io.github.agieval.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The seed's evaluation workflow (login, submit, poll the job every {@code pollMs} until it ends,
 * results) as an open workload of {@code rate} arrivals per second for {@code duration} seconds,
 * the same flow as the suite's {@code src/test/resources/bench/peers.jmx} and Artillery's
 * {@code src/bench/artillery/evaluation.yml}. System properties: baseUrl, rate, duration, pollMs.
 */
public class EvaluationSimulation extends Simulation {

    private static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    private static final double RATE = Double.parseDouble(System.getProperty("rate", "40"));
    private static final int DURATION_S = Integer.getInteger("duration", 20);
    private static final Duration POLL = Duration.ofMillis(Integer.getInteger("pollMs", 100));
    private static final String PASSWORD = System.getProperty("password", "test-password");

    private static final String SUBMIT_BODY = "{\"model\":\"gpt-4\",\"benchmark\":\"mmlu\","
            + "\"prompts\":[\"Summarise the following text.\"],"
            + "\"config\":{\"temperature\":0.7,\"max_tokens\":2000,\"timeout\":300}}";

    private static boolean running(Session session) {
        String s = session.getString("job_status");
        return s != null && !"completed".equals(s) && !"failed".equals(s);
    }

    private final HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json");

    private final ScenarioBuilder evaluation = scenario("evaluation workflow")
            .exec(session -> session.set("username", "user_" + ThreadLocalRandom.current().nextInt(1, 101)))
            .exec(http("Login").post("/auth/login")
                    .body(StringBody("{\"username\":\"#{username}\",\"password\":\"" + PASSWORD + "\"}"))
                    .check(status().is(200), jsonPath("$.access_token").saveAs("token")))
            .exec(http("Submit Evaluation").post("/api/v1/evaluate")
                    .header("Authorization", "Bearer #{token}")
                    .body(StringBody(SUBMIT_BODY))
                    .check(status().is(202), jsonPath("$.job_id").saveAs("job_id"),
                            jsonPath("$.status").saveAs("job_status")))
            .exitHereIfFailed()
            .asLongAs(EvaluationSimulation::running).on(
                    pause(POLL),
                    http("Job Status").get("/api/v1/jobs/#{job_id}")
                            .header("Authorization", "Bearer #{token}")
                            .check(status().is(200), jsonPath("$.status").saveAs("job_status")))
            .exitHereIfFailed()
            .exec(http("Get Results").get("/api/v1/jobs/#{job_id}/results")
                    .header("Authorization", "Bearer #{token}")
                    .check(status().is(200)));

    {
        setUp(evaluation.injectOpen(constantUsersPerSec(RATE).during(DURATION_S)))
                .protocols(protocol)
                .assertions(global().responseTime().percentile(95.0).lt(500),
                        global().failedRequests().percent().lt(1.0));
    }
}
