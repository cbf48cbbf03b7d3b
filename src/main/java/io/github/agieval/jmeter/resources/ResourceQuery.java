package io.github.agieval.jmeter.resources;

/**
 * The PromQL behind one resource KPI: {@code query}, and for a ratio the {@code poolQuery} it is
 * divided by (e.g. active connections / pool size). The value judged is {@code query}, or
 * {@code query / poolQuery}; as a fraction (0.7 = 70 %), like every rate of KPI Assertions.
 * Immutable.
 */
public record ResourceQuery(String query, String poolQuery) {

    public ResourceQuery {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("empty query");
        }
        query = query.strip();
        poolQuery = poolQuery == null || poolQuery.isBlank() ? null : poolQuery.strip();
    }

    public static ResourceQuery of(String query) {
        return new ResourceQuery(query, null);
    }

    public boolean ratio() {
        return poolQuery != null;
    }

    /** As reports show it: {@code q} or {@code (q) / (pool)}. */
    public String describe() {
        return poolQuery == null ? query : "(" + query + ") / (" + poolQuery + ")";
    }
}
