package org.loyaltyhub.bench.hub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.loyaltyhub.bench.BenchArgs;

/** The JVM options of the hub child: {@link #DEFAULT} unless {@code --hub-jvm "<options>"}. */
public final class HubJvm {

    /**
     * Stated, so that memory figures mean the same on every machine (the JVM's default heap would be a quarter of RAM).
     * Sized for the 512 MiB the hub is meant to fit in, Kafka broker included: a 256 MiB heap (its live data after a
     * sync of 10,000 cards is ~100-150 MiB), the serial collector (G1's own structures cost ~50 MiB more on this
     * heap and buy nothing on two cores), smaller thread stacks and a bounded code cache.
     */
    public static final String DEFAULT = "-Xmx256m -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=96m";

    private HubJvm() {
    }

    public static List<String> options(BenchArgs args) {
        List<String> options = new ArrayList<>(Arrays.asList(args.get("hub-jvm", DEFAULT).trim().split("\\s+")));
        options.removeIf(String::isBlank);
        return options;
    }

    /** Prints the default options, for bench/run. */
    public static void main(String[] args) {
        System.out.println(DEFAULT);
    }
}
