package org.loyaltyhub.bench.hub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.loyaltyhub.bench.BenchArgs;

/** The JVM options of the hub child: {@link #DEFAULT} unless {@code --hub-jvm "<options>"}. */
public final class HubJvm {

    /** Stated, so that memory figures mean the same on every machine (the JVM's default would be a quarter of RAM). */
    public static final String DEFAULT = "-Xmx512m";

    private HubJvm() {
    }

    public static List<String> options(BenchArgs args) {
        List<String> options = new ArrayList<>(Arrays.asList(args.get("hub-jvm", DEFAULT).trim().split("\\s+")));
        options.removeIf(String::isBlank);
        return options;
    }
}
