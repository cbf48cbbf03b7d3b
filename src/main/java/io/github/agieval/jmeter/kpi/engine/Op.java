package io.github.agieval.jmeter.kpi.engine;

/** A KPI's comparison: the observed value must satisfy {@code observed <op> threshold}. */
public enum Op {
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    Op(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean test(double observed, double threshold) {
        switch (this) {
            case LT:
                return observed < threshold;
            case LE:
                return observed <= threshold;
            case GT:
                return observed > threshold;
            default:
                return observed >= threshold;
        }
    }

    /** Whether lower observed values are better (a ceiling such as {@code p(95)<500}). */
    public boolean lowerIsBetter() {
        return this == LT || this == LE;
    }

    /** Parses the longest operator at {@code s[from]}, or {@code null}. */
    public static Op parseAt(String s, int from) {
        if (from >= s.length()) {
            return null;
        }
        char c = s.charAt(from);
        boolean eq = from + 1 < s.length() && s.charAt(from + 1) == '=';
        if (c == '<') {
            return eq ? LE : LT;
        }
        if (c == '>') {
            return eq ? GE : GT;
        }
        return null;
    }
}
