package org.loyaltyhub.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples ({@code jdk.ExecutionSample}) of a JFR recording: the busiest threads (by name,
 * digits folded), the top methods by self time, and the top methods of chosen packages by inclusive time
 * (a sample counts once for every method on its stack).
 * <pre>java -cp … org.loyaltyhub.bench.JfrTop recording.jfr [top=20] [package prefixes, comma-separated]</pre>
 */
public final class JfrTop {

    private static final String DEFAULT_PACKAGES = "org.loyaltyhub,org.apache.camel,com.dashjoin,com.networknt,org.postgresql,"
            + "com.zaxxer,org.springframework.jdbc,org.apache.kafka,org.apache.hc,com.fasterxml,org.apache.catalina,org.apache.coyote";

    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<String> packages = List.of((args.length > 2 ? args[2] : DEFAULT_PACKAGES).split(","));
        System.out.print(summary(file, top, packages));
    }

    public static String summary(Path file, int top, List<String> packages) throws IOException {
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1, Integer::sum);
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String method = name(frame);
                if (packages.stream().anyMatch(method::startsWith) && seen.add(method)) {
                    inclusive.merge(method, 1, Integer::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("CPU samples: ").append(samples).append(" in ").append(file.getFileName()).append('\n');
        section(out, "threads", threads, samples, top);
        section(out, "self (top frame)", self, samples, top);
        section(out, "inclusive (" + String.join(",", packages) + ")", inclusive, samples, top);
        return out.toString();
    }

    private static void section(StringBuilder out, String title, Map<String, Integer> counts, int samples, int top) {
        out.append("\n").append(title).append(":\n");
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.forEach((name, count) -> out.append(String.format(Locale.ROOT, "  %5.1f%%  %6d  %s%n", 100.0 * count / Math.max(1, samples), count, name)));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
