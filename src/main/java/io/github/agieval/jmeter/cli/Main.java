package io.github.agieval.jmeter.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of {@code java -jar agieval-jmeter-plugins.jar <command> ...}.
 *
 * <p>Each command is a class with a {@code public static void main(String[])} in the package of
 * the part it belongs to; this class only dispatches, so the parts stay independent. The jar's
 * manifest puts the shipped dependencies and JMeter's Jackson ({@code ../*.jar}, i.e. JMeter's
 * {@code lib/} when the jar sits in {@code lib/ext}) on the class path.
 */
public final class Main {

    private static final Map<String, String[]> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("sandbox", new String[] {"io.github.agieval.jmeter.sandbox.SandboxCommand",
            "run the reference AGI Evaluation Sandbox API server"});
        COMMANDS.put("generate", new String[] {"io.github.agieval.jmeter.datagen.GenerateCommand",
            "write eval_requests.json, user_scenarios.json and the Artillery CSV payload"});
        COMMANDS.put("judge", new String[] {"io.github.agieval.jmeter.judge.JudgeCommand",
            "judge a finished run's JTL (CSV or XML) against KPIs; reports and exit codes of KPI Assertions"});
    }

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || "-h".equals(args[0]) || "--help".equals(args[0]) || "help".equals(args[0])) {
            usage();
            return;
        }
        String[] entry = COMMANDS.get(args[0]);
        if (entry == null) {
            System.err.println("Unknown command '" + args[0] + "'.");
            usage();
            System.exit(2);
            return;
        }
        Method main = Class.forName(entry[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    private static void usage() {
        System.out.println("usage: java -jar agieval-jmeter-plugins.jar <command> [options]");
        System.out.println("commands:");
        COMMANDS.forEach((name, entry) -> System.out.printf("  %-10s %s%n", name, entry[1]));
        System.out.println("Run a command with --help for its options.");
    }
}
