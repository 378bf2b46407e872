package org.loyaltyhub.bench.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A JFR recording of a running JVM over a measured window ({@code jcmd JFR.start} / {@code JFR.stop}), settings "profile". */
public final class Jfr {

    private static final String NAME = "bench";

    private Jfr() {
    }

    public static void start(long pid) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile");
    }

    public static void stop(long pid, Path file) throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=" + NAME, "filename=" + file.toAbsolutePath());
    }

    static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        String[] all = new String[command.length + 2];
        all[0] = HeapSampler.jdkTool("jcmd");
        all[1] = String.valueOf(pid);
        System.arraycopy(command, 0, all, 2, command.length);
        Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
