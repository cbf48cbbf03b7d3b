package io.github.agieval.jmeter.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class StartFailureTest {

    /** A logger that records "level: pattern | arguments" of every call. */
    private static Logger recording(List<String> calls) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("is")) {
                        return true;
                    }
                    if (method.getReturnType() == String.class) {
                        return "test";
                    }
                    List<String> rest = new ArrayList<>();
                    for (int i = 1; args != null && i < args.length; i++) {
                        rest.add(String.valueOf(args[i]));
                    }
                    calls.add(method.getName() + ": " + args[0] + " | " + String.join(",", rest));
                    return null;
                });
    }

    private static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldLogPrintAndRequestExitOneWhenReportingTheExceptionsMessage() {
        List<String> calls = new ArrayList<>();
        IllegalArgumentException bad = new IllegalArgumentException("Element 'E': property p has a bad value '{x}'");
        IllegalArgumentException[] returned = new IllegalArgumentException[1];

        String console = stderrOf(() -> returned[0] = StartFailure.report(recording(calls), bad));

        assertThat(returned[0]).isSameAs(bad);
        assertThat(calls).containsExactly("error: {} | Element 'E': property p has a bad value '{x}'");
        assertThat(console).isEqualTo("Element 'E': property p has a bad value '{x}'" + System.lineSeparator());
        // not a jmeter -n JVM: nothing exits, but the code is requested (the highest request wins)
        assertThat(HeadlessExit.requestedExitCode()).isGreaterThanOrEqualTo(StartFailure.EXIT_CODE);
        assertThat(StartFailure.EXIT_CODE).isEqualTo(1);
    }

    @Test
    void shouldLogAndPrintTheGivenMessageWhenItSaysMoreThanTheException() {
        List<String> calls = new ArrayList<>();
        IllegalStateException bad = new IllegalStateException("G 'g': property n = 'x': is not a number");

        String console = stderrOf(() -> assertThat(StartFailure.report(recording(calls),
                bad.getMessage() + " - the test does not start", bad)).isSameAs(bad));

        assertThat(calls).containsExactly("error: {} | G 'g': property n = 'x': is not a number - the test does not start");
        assertThat(console).isEqualTo("G 'g': property n = 'x': is not a number - the test does not start"
                + System.lineSeparator());
        assertThat(bad.getMessage()).isEqualTo("G 'g': property n = 'x': is not a number");
    }

    @Test
    void shouldRunOpenUndoActionsOnceNewestFirstWhenTheStartFails() {
        List<String> done = new ArrayList<>();
        StartFailure.onFailure("first", () -> done.add("first"));
        StartFailure.Registration closed = StartFailure.onFailure("closed", () -> done.add("closed"));
        StartFailure.onFailure("broken", () -> {
            throw new IllegalStateException("undo failed");
        });
        StartFailure.onFailure("last", () -> done.add("last"));
        closed.close();

        stderrOf(() -> StartFailure.report(recording(new ArrayList<>()), new IllegalArgumentException("bad")));
        stderrOf(() -> StartFailure.report(recording(new ArrayList<>()), new IllegalArgumentException("again")));

        assertThat(done).containsExactly("last", "first");
        assertThat(StartFailure.openRegistrations()).isZero();
    }

    @Test
    void shouldTellAnElementWhetherItsRunFailedToStart() {
        long before = System.nanoTime();
        stderrOf(() -> StartFailure.report(recording(new ArrayList<>()), new IllegalArgumentException("bad")));
        long after = System.nanoTime();

        assertThat(StartFailure.failedSince(before)).isTrue();
        assertThat(StartFailure.failedSince(after)).isFalse();
    }
}
