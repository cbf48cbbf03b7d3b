package io.github.agieval.jmeter.sandbox;

/** Reads one sample of a Prometheus text exposition, for tests. */
final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * The value of the sample whose name and labels are exactly {@code series} (e.g.
     * {@code sandbox_jobs_queued} or {@code sandbox_requests_total{endpoint="GET /health",status="200"}}).
     *
     * @throws AssertionError if there is no such sample
     */
    static double value(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) {
                String v = line.substring(series.length() + 1).trim();
                int space = v.indexOf(' ');
                return Double.parseDouble(space < 0 ? v : v.substring(0, space));
            }
        }
        throw new AssertionError("no sample " + series + " in:\n" + exposition);
    }
}
