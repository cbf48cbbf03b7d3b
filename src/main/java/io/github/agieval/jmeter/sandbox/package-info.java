/**
 * The reference AGI Evaluation Sandbox API server, the default target of plans, demo and tests, and
 * the <b>Sandbox Target</b> plan element.
 *
 * <ul>
 * <li>{@link io.github.agieval.jmeter.sandbox.Sandbox} / {@link io.github.agieval.jmeter.sandbox.SandboxConfig}:
 *     start (embedded, port 0) and stop a server; {@link io.github.agieval.jmeter.sandbox.SandboxCommand}
 *     is {@code java -jar agieval-jmeter-plugins.jar sandbox}.</li>
 * <li>The public API, without HTTP: {@code SandboxApi} checks the bearer token and routes each call to
 *     {@code AuthRoutes} (login, logout, profile), {@code CatalogRoutes} (health, status, models,
 *     compare), {@code JobRoutes} (evaluate, job status and results, the JSON views of a job) or
 *     {@code WorkspaceRoutes} (dashboard, datasets, user benchmarks, export); {@code RequestFields}
 *     reads bodies, fields and query parameters (a {@code BadRequest} names the field). {@code AdminApi}
 *     is the admin API; {@code Dispatcher} runs both around faults, limits and counting.</li>
 * <li>{@link io.github.agieval.jmeter.sandbox.Faults} and {@link io.github.agieval.jmeter.sandbox.Latency}:
 *     injected faults, changeable at run time under {@code /__admin/faults} (admin requests need the
 *     admin token, see {@code AdminGuard}); {@code FaultsJson} reads a JSON patch of them.</li>
 * <li>Abuse: bodies grow as bytes arrive under one memory budget ({@code BodyBudget}); header, read and
 *     idle time-outs (on the JDK server through {@code StallWatchdog}); every thread a daemon thread; a generic 500 body for any internal failure.</li>
 * <li>{@code ServiceModel}: how an API request is served: a slot of the capacity knob
 *     ({@code CapacityGate}: {@code max_concurrent_requests} held for {@code service_time_ms}, FIFO wait),
 *     then a connection of the modelled database pool ({@code DbPool}: wait up to the pool timeout, then
 *     503). Neither blocks a thread.</li>
 * <li>{@code SandboxClock}: the sandbox's time (job ends, service times, delayed answers, token and
 *     job expiry, housekeeping); tests run it virtually.</li>
 * <li>{@link io.github.agieval.jmeter.sandbox.RequestCounters}: what was served, per route template and
 *     status ({@code /__admin/counters}, {@code /metrics}); {@code SandboxMetrics}: {@code /metrics} on
 *     the Prometheus Java client, one registry per sandbox, with the client's JVM and process metrics.</li>
 * <li>{@link io.github.agieval.jmeter.sandbox.SandboxTarget}: resolves {@code BASE_URL} for a plan and
 *     starts an embedded sandbox when it is empty; {@code SandboxTargetSettings} reads its properties
 *     into the embedded sandbox's {@code SandboxConfig}.</li>
 * </ul>
 *
 * <p>Reference: {@code docs/elements/sandbox.md}.
 */
package io.github.agieval.jmeter.sandbox;
