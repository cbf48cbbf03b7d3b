package io.github.agieval.jmeter.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PromQlClientTest {

    private HttpServer server;
    private volatile int status = 200;
    private volatile String body = "";
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final List<String> auth = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            queries.add(ex.getRequestURI().getPath() + "?" + URLDecoder.decode(ex.getRequestURI().getRawQuery(),
                    StandardCharsets.UTF_8));
            String a = ex.getRequestHeaders().getFirst("Authorization");
            auth.add(a == null ? "" : a);
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private PromQlClient client(String url) {
        return new PromQlClient(url, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private static String vector(String... values) {
        StringBuilder s = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ",").append("{\"metric\":{\"i\":\"").append(i).append("\"},\"value\":[1.5,\"")
                    .append(values[i]).append("\"]}");
        }
        return s.append("]}}").toString();
    }

    @Test
    void shouldReturnTheValueOfOneSeriesWhenVectorHasOne() throws Exception {
        body = vector("0.25");
        assertThat(client(url()).query("up{job=\"a b\"}")).isEqualTo(0.25);
        assertThat(queries).containsExactly("/api/v1/query?query=up{job=\"a b\"}");
    }

    @Test
    void shouldKeepPathPrefixAndSendBasicAuthWithoutShowingItWhenUrlHasThem() throws Exception {
        body = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1.5,\"3\"]}}";
        PromQlClient c = client("http://user:s3cret@127.0.0.1:" + server.getAddress().getPort() + "/prom/");
        assertThat(c.query("1+2")).isEqualTo(3);
        assertThat(queries).containsExactly("/prom/api/v1/query?query=1+2");
        assertThat(auth.get(0)).isEqualTo("Basic dXNlcjpzM2NyZXQ=");
        assertThat(c.displayUrl()).isEqualTo(url() + "/prom").doesNotContain("s3cret");
    }

    @Test
    void shouldFailWithNoDataWhenVectorIsEmpty() {
        body = vector();
        assertThatThrownBy(() -> client(url()).query("nothing_here")).isInstanceOf(PromQlException.class)
                .hasMessageContaining("query 'nothing_here' returned no data from Prometheus at " + url())
                .satisfies(e -> assertThat(((PromQlException) e).kind()).isEqualTo(PromQlException.Kind.NO_DATA));
    }

    @Test
    void shouldFailWithNoDataWhenValueIsNaN() {
        body = vector("NaN");
        assertThatThrownBy(() -> client(url()).query("a/b")).hasMessageContaining("returned NaN");
    }

    @Test
    void shouldFailNamingTheSeriesWhenVectorHasSeveral() {
        body = vector("1", "2");
        assertThatThrownBy(() -> client(url()).query("up")).hasMessageContaining("returned 2 series")
                .hasMessageContaining("wrap it in sum(), max() or avg()");
    }

    @Test
    void shouldFailWithPrometheusErrorWhenQueryIsBad() {
        status = 400;
        body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error: unexpected end\"}";
        assertThatThrownBy(() -> client(url()).query("rate(")).isInstanceOf(PromQlException.class)
                .hasMessageContaining("rejected query 'rate(' (HTTP 400): bad_data: parse error: unexpected end")
                .satisfies(e -> assertThat(((PromQlException) e).kind()).isEqualTo(PromQlException.Kind.REJECTED));
    }

    @Test
    void shouldFailWhenServerIsNotPrometheus() {
        status = 404;
        body = "<html>not found</html>";
        assertThatThrownBy(() -> client(url()).query("up")).hasMessageContaining("not a Prometheus API answer");
    }

    @Test
    void shouldFailAsUnreachableWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> client("http://127.0.0.1:" + port).query("up")).isInstanceOf(PromQlException.class)
                .hasMessageContaining("Prometheus not reachable at http://127.0.0.1:" + port)
                .satisfies(e -> assertThat(((PromQlException) e).kind()).isEqualTo(PromQlException.Kind.UNREACHABLE));
    }

    @Test
    void shouldRejectUrlWhenNotHttp() {
        assertThatThrownBy(() -> client("localhost:9090")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected an http:// or https:// URL");
        assertThatThrownBy(() -> client("ftp://h")).isInstanceOf(IllegalArgumentException.class);
    }
}
