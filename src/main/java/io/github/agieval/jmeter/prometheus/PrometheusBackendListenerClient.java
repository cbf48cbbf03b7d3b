package io.github.agieval.jmeter.prometheus;

import io.github.agieval.jmeter.common.Durations;
import io.github.agieval.jmeter.common.InvalidSettingException;
import io.github.agieval.jmeter.common.StartFailure;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jmeter.visualizers.backend.AbstractBackendListenerClient;
import org.apache.jmeter.visualizers.backend.BackendListenerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus exporter: an implementation for JMeter's stock <b>Backend Listener</b> (pick
 * {@code io.github.agieval.jmeter.prometheus.PrometheusBackendListenerClient} in its drop-down), built on
 * the official Prometheus Java client.
 *
 * <ul>
 * <li><b>Pull</b> ({@value ExporterSettings#PORT} &gt; 0): serves {@code /metrics} on
 *     {@value ExporterSettings#LISTEN_ADDRESS}:{@value ExporterSettings#PORT} from test start to test end
 *     (plus {@value ExporterSettings#LINGER}, for a last scrape); the port is free again afterwards.</li>
 * <li><b>Push</b> ({@value ExporterSettings#PUSHGATEWAY_URL} set): {@link MetricsPusher}, every
 *     {@value ExporterSettings#PUSH_INTERVAL} and once at test end; nothing is deleted.</li>
 * <li>Neither: the exporter is off and costs nothing but the Backend Listener's queue.</li>
 * </ul>
 * The metrics are {@link SampleMetrics}'. Bad parameters (a port out of range, a malformed URL or
 * regular expression) and a port that cannot be bound stop the test before it starts, with a message
 * naming the element, the parameter and the value ({@link StartFailure}).
 *
 * <p>Threading: the Backend Listener creates one client per element and engine JVM (shared by all
 * threads: it is {@code NoThreadClone}); {@link #setupTest} and {@link #teardownTest} run on JMeter's
 * engine thread. Samples are recorded in {@link #createSampleResult}, which the Backend Listener calls
 * on each sampler thread as the sample occurs, concurrently ({@link SampleMetrics} is thread-safe);
 * it returns {@code null}, so nothing is queued for the listener's worker and
 * {@link #handleSampleResults} receives nothing. {@code teardownTest} runs after every sampler thread
 * has ended. {@code /metrics} is served by a one-thread executor of the client's HTTP server, pushes
 * by the pusher's thread.
 */
public class PrometheusBackendListenerClient extends AbstractBackendListenerClient {

    private static final Logger log = LoggerFactory.getLogger(PrometheusBackendListenerClient.class);

    private transient volatile SampleMetrics metrics;
    private transient HTTPServer server;
    private transient ExecutorService serverThreads;
    private transient MetricsPusher pusher;
    private transient StartFailure.Registration undo;
    private transient ExporterSettings settings;

    @Override
    public Arguments getDefaultParameters() {
        Arguments a = new Arguments();
        a.addArgument(ExporterSettings.LISTEN_ADDRESS, ExporterSettings.DEFAULT_LISTEN_ADDRESS);
        a.addArgument(ExporterSettings.PORT, "${__P(PROMETHEUS_EXPORTER_PORT,9270)}");
        a.addArgument(ExporterSettings.PUSHGATEWAY_URL, "${__P(PUSHGATEWAY_URL,)}");
        a.addArgument(ExporterSettings.PUSH_INTERVAL, ExporterSettings.DEFAULT_PUSH_INTERVAL);
        a.addArgument(ExporterSettings.JOB, ExporterSettings.DEFAULT_JOB);
        a.addArgument(ExporterSettings.ENGINE, "");
        a.addArgument(ExporterSettings.RESPONSE_TIME_BUCKETS, ExporterSettings.DEFAULT_RESPONSE_TIME_BUCKETS);
        a.addArgument(ExporterSettings.JOB_TIME_BUCKETS, ExporterSettings.DEFAULT_JOB_TIME_BUCKETS);
        a.addArgument(ExporterSettings.LABEL_REGEX, ExporterSettings.DEFAULT_LABEL_REGEX);
        a.addArgument(ExporterSettings.INCLUDE_SUB_RESULTS, "false");
        a.addArgument(ExporterSettings.MAX_LABELS, Integer.toString(ExporterSettings.DEFAULT_MAX_LABELS));
        a.addArgument(ExporterSettings.LINGER, ExporterSettings.DEFAULT_LINGER);
        return a;
    }

    @Override
    public void setupTest(BackendListenerContext context) throws Exception {
        super.setupTest(context);
        Map<String, String> params = parameters(context);
        String name = params.get(TestElement.NAME);
        try {
            settings = ExporterSettings.read(name, params, PrometheusBackendListenerClient::defaultEngine);
        } catch (InvalidSettingException e) {
            throw StartFailure.report(log, e);
        }
        if (settings.off()) {
            log.info("Prometheus exporter: off ({} and {} are empty)", ExporterSettings.PORT,
                    ExporterSettings.PUSHGATEWAY_URL);
            return;
        }
        metrics = new SampleMetrics(settings, KpiStatusRegistry::snapshot);
        undo = StartFailure.onFailure("Prometheus exporter: stop /metrics and the pushes", this::stopNow);
        if (settings.port() > 0) {
            startServer(name);
        }
        if (settings.pushgateway() != null) {
            pusher = new MetricsPusher(settings, metrics.registry());
        }
        log.info("Prometheus exporter: started ({})", settings);
    }

    private void startServer(String name) {
        serverThreads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "prometheus-metrics-http");
            t.setDaemon(true);
            return t;
        });
        try {
            server = HTTPServer.builder()
                    .inetAddress(InetAddress.getByName(settings.listenAddress()))
                    .port(settings.port())
                    .registry(metrics.registry())
                    .executorService(serverThreads)
                    .buildAndStart();
        } catch (IOException | RuntimeException e) {
            serverThreads.shutdownNow();
            serverThreads = null;
            InvalidSettingException bad = new InvalidSettingException(kind(name), ExporterSettings.PORT, Integer.toString(settings.port()),
                    "cannot serve /metrics on " + settings.listenAddress() + ":" + settings.port() + " ("
                            + e.getMessage() + "); is another engine or program using the port?");
            throw StartFailure.report(log, bad);
        }
        log.info("Prometheus exporter: serving http://{}:{}/metrics", settings.listenAddress(), server.getPort());
    }

    private static String kind(String name) {
        return name == null || name.isBlank() ? ExporterSettings.KIND : ExporterSettings.KIND + " '" + name + "'";
    }

    /**
     * Records {@code result} at once, on the sampler thread that produced it, and returns {@code null}
     * so that the Backend Listener does not queue it: the stock listener's single queue (one lock for
     * every thread, a worker to wake) costs far more per sample than the recording itself.
     */
    @Override
    public SampleResult createSampleResult(BackendListenerContext context, SampleResult result) {
        SampleMetrics m = metrics;
        if (m != null) {
            m.record(result);
        }
        return null;
    }

    /** Nothing arrives here: {@link #createSampleResult} records every sample and queues none. */
    @Override
    public void handleSampleResults(List<SampleResult> sampleResults, BackendListenerContext context) {
        SampleMetrics m = metrics;
        if (m != null) {
            m.record(sampleResults);
        }
    }

    @Override
    public void teardownTest(BackendListenerContext context) throws Exception {
        try {
            if (pusher != null) {
                pusher.close(); // the last push: every sample has been handled by now
            }
            if (server != null && settings.lingerMs() > 0) {
                log.info("Prometheus exporter: serving /metrics {} more for a last scrape",
                        Durations.format(settings.lingerMs()));
                try {
                    Thread.sleep(settings.lingerMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            stopNow();
        } finally {
            if (undo != null) {
                undo.close();
                undo = null;
            }
            super.teardownTest(context);
        }
    }

    /** Stops the server and the periodic pushes; idempotent. */
    private void stopNow() {
        if (pusher != null) {
            pusher.cancel();
            pusher = null;
        }
        if (server != null) {
            server.stop();
            server = null;
        }
        if (serverThreads != null) {
            serverThreads.shutdownNow();
            serverThreads = null;
        }
    }

    /** The port {@code /metrics} is served on, -1 when pull mode is off (for tests). */
    int port() {
        HTTPServer s = server;
        return s == null ? -1 : s.getPort();
    }

    /** The metrics of the running test, {@code null} when off (for tests). */
    SampleMetrics metrics() {
        return metrics;
    }

    private static Map<String, String> parameters(BackendListenerContext context) {
        Map<String, String> out = new HashMap<>();
        for (Iterator<String> it = context.getParameterNamesIterator(); it.hasNext();) {
            String k = it.next();
            out.put(k, context.getParameter(k));
        }
        return out;
    }

    /** The default {@code engine} label: JMeter's local host name and this JVM's process id. */
    static String defaultEngine() {
        String host;
        try {
            host = JMeterUtils.getLocalHostName();
        } catch (RuntimeException e) {
            host = null;
        }
        if (host == null || host.isBlank()) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
