package io.github.agieval.jmeter.datagen;

import io.github.agieval.jmeter.common.InvalidSettingException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;

/**
 * {@code java -jar agieval-jmeter-plugins.jar generate [options]}: writes the seed's test data
 * files ({@link TestDataFiles}) for k6, Artillery and JMeter's CSV Data Set.
 *
 * <p>Options: {@code --requests N} (default 10000), {@code --scenarios N} (default 1000),
 * {@code --seed S} (default random, printed), {@code --out DIR} (default {@code testdata}),
 * {@code --unique-user-ids}, and {@code --set key=value} for any generator setting (the data
 * generator element's property names, e.g. {@code --set promptCharsMax=65536}). Exit status 2
 * on bad options. Runs on the calling thread.
 */
public final class GenerateCommand {

    private GenerateCommand() {
    }

    public static void main(String[] args) throws Exception {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the command; returns the exit status (0 ok, 2 bad options). */
    static int run(String[] args, PrintStream out, PrintStream err) throws java.io.IOException {
        int requests = 10_000;
        int scenarios = 1_000;
        Long seed = null;
        Path dir = Paths.get("testdata");
        boolean unique = false;
        GeneratorSettings.Builder builder = GeneratorSettings.builder("generate");
        GeneratorSettings settings;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> {
                        usage(out);
                        return 0;
                    }
                    case "--requests" -> requests = count(arg, value(args, ++i, arg));
                    case "--scenarios" -> scenarios = count(arg, value(args, ++i, arg));
                    case "--seed" -> {
                        String text = value(args, ++i, arg);
                        try {
                            seed = Long.parseLong(text.trim());
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--seed '" + text + "' is not a whole number");
                        }
                    }
                    case "--out" -> dir = Paths.get(value(args, ++i, arg));
                    case "--unique-user-ids" -> unique = true;
                    case "--set" -> {
                        String pair = value(args, ++i, arg);
                        int eq = pair.indexOf('=');
                        if (eq <= 0 || !GeneratorSettings.keys().contains(pair.substring(0, eq))) {
                            throw new IllegalArgumentException("--set '" + pair + "': expected key=value with key one of "
                                    + GeneratorSettings.keys());
                        }
                        builder.set(pair.substring(0, eq), pair.substring(eq + 1).replace("\\n", "\n"));
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
                }
            }
            settings = builder.build();
        } catch (InvalidSettingException e) {
            err.println(e.getMessage()); // "generate: property 'k' = 'v': problem"
            usage(err);
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("generate: " + e.getMessage());
            usage(err);
            return 2;
        }
        long used = seed != null ? seed : settings.seed() != null ? settings.seed() : new SecureRandom().nextLong();
        long start = System.nanoTime();
        new TestDataFiles(settings, used, unique).write(dir, requests, scenarios);
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.printf("generate: seed %d, %d requests and %d scenarios written to %s in %d ms%n",
                used, requests, scenarios, dir.toAbsolutePath().normalize(), ms);
        for (String name : TestDataFiles.fileNames()) {
            out.printf("  %-20s %,d bytes%n", name, Files.size(dir.resolve(name)));
        }
        return 0;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int count(String option, String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 0) {
                throw new IllegalArgumentException(option + " '" + text + "' must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a whole number");
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar agieval-jmeter-plugins.jar generate [--requests 10000] [--scenarios 1000]");
        out.println("       [--seed 42] [--out testdata] [--unique-user-ids] [--set key=value ...]");
        out.println("writes eval_requests.json, user_scenarios.json and eval_requests.csv (model,benchmark,prompt;");
        out.println("no header, as the seed's Artillery payload reads it). Same seed, same bytes.");
        out.println("setting keys: " + GeneratorSettings.keys());
    }
}
