package org.loyaltyhub.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The command line every benchmark main shares: {@code [--quick|--smoke] [--out target/bench] [--key value ...]}. */
public final class BenchArgs {

    /** How big a run is: smoke (the test suite's), quick (bench/run --quick) or full (bench/run). */
    public enum Size { SMOKE, QUICK, FULL }

    private final Size size;
    private final Map<String, String> options = new HashMap<>();

    private BenchArgs(Size size) {
        this.size = size;
    }

    public static BenchArgs parse(String[] args) {
        Size size = Size.FULL;
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--quick")) {
                size = Size.QUICK;
            } else if (arg.equals("--smoke")) {
                size = Size.SMOKE;
            } else if (arg.equals("--full")) {
                size = Size.FULL;
            } else if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.startsWith("--") && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(arg.substring(2), args[++i]);
            } else if (arg.startsWith("--")) {
                options.put(arg.substring(2), "true");
            } else {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
        }
        BenchArgs parsed = new BenchArgs(size);
        parsed.options.putAll(options);
        return parsed;
    }

    public Size size() {
        return size;
    }

    public boolean quick() {
        return size != Size.FULL;
    }

    public String get(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    public int getInt(String name, int fallback) {
        return Integer.parseInt(get(name, String.valueOf(fallback)));
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    /** The harness's own clients (Kafka, HTTP) log at WARN: the benchmark prints what matters. */
    public static void quietLogs() {
        org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** Where results and logs go: {@code target/bench} unless {@code --out}. */
    public Path out() {
        return Path.of(get("out", "target/bench")).toAbsolutePath();
    }
}
