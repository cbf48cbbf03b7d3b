package io.github.agieval.jmeter.kpi.engine;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which samples a KPI looks at: all of them, those with one exact label, or those whose label
 * matches a regular expression (Java syntax, whole-label match).
 *
 * <p>Immutable; safe to share between threads.
 */
public final class Scope {

    /** The kind of scope. */
    public enum Type { ALL, LABEL, REGEX }

    public static final Scope ALL = new Scope(Type.ALL, "", null);

    private final Type type;
    private final String value;
    private final Pattern pattern;

    private Scope(Type type, String value, Pattern pattern) {
        this.type = type;
        this.value = value;
        this.pattern = pattern;
    }

    public static Scope label(String label) {
        return new Scope(Type.LABEL, label, null);
    }

    /** A regular-expression scope; throws {@link IllegalArgumentException} for a bad expression. */
    public static Scope regex(String regex) {
        try {
            return new Scope(Type.REGEX, regex, Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression '" + regex + "': "
                    + e.getDescription(), e);
        }
    }

    public Type type() {
        return type;
    }

    public String value() {
        return value;
    }

    public boolean matches(String label) {
        switch (type) {
            case ALL:
                return true;
            case LABEL:
                return value.equals(label);
            default:
                return pattern.matcher(label).matches();
        }
    }

    /** The scope in the line syntax: {@code label=X}, {@code label~X}, or empty for all samples. */
    public String expression() {
        switch (type) {
            case ALL:
                return "";
            case LABEL:
                return "label=" + value;
            default:
                return "label~" + value;
        }
    }

    /** A key identifying equal scopes. */
    public String key() {
        return type + ":" + value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scope && ((Scope) o).key().equals(key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return type == Type.ALL ? "all samples" : expression();
    }
}
