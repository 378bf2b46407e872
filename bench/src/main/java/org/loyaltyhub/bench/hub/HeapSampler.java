package org.loyaltyhub.bench.hub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Samples a JVM's heap once a second with {@code jstat -gc} (it reads the JVM's perf-data memory: no attach, no
 * safepoint) and its resident set from /proc, keeping the peaks. {@link #liveHeapMiB} runs a full GC first
 * ({@code jcmd GC.run}) to tell what the heap really holds.
 */
public final class HeapSampler implements AutoCloseable {

    private final long pid;
    private final Process jstat;
    private final Thread reader;
    private final Thread rssSampler;
    private volatile double lastHeapMiB;
    private volatile double peakHeapMiB;
    private volatile double peakCommittedMiB;
    private volatile double peakRssMiB;
    private volatile double peakPostgresRssMiB;
    private volatile long postgresPid;
    private volatile boolean running = true;

    public HeapSampler(long pid) throws IOException {
        this.pid = pid;
        jstat = new ProcessBuilder(jdkTool("jstat"), "-gc", String.valueOf(pid), "1000").redirectErrorStream(true).start();
        reader = new Thread(this::readJstat, "bench-jstat");
        reader.setDaemon(true);
        reader.start();
        rssSampler = new Thread(this::sampleRss, "bench-rss");
        rssSampler.setDaemon(true);
        rssSampler.start();
    }

    /** Also sample this PostgreSQL server's tree (its postmaster pid). */
    public void alsoPostgres(long postmasterPid) {
        this.postgresPid = postmasterPid;
    }

    /** Forgets the peaks so far: peaks from now on. */
    public void resetPeaks() {
        peakHeapMiB = lastHeapMiB;
        peakRssMiB = ProcessStats.rssMiB(pid);
        peakPostgresRssMiB = 0;
    }

    private void readJstat() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            String line;
            while ((line = lines.readLine()) != null) {
                List<String> cells = Arrays.asList(line.trim().split("\\s+"));
                if (cells.contains("EU")) {
                    header = cells;
                    continue;
                }
                if (header == null || cells.size() != header.size()) {
                    continue;
                }
                double used = kib(header, cells, "S0U") + kib(header, cells, "S1U") + kib(header, cells, "EU") + kib(header, cells, "OU");
                double committed = kib(header, cells, "S0C") + kib(header, cells, "S1C") + kib(header, cells, "EC") + kib(header, cells, "OC");
                lastHeapMiB = used / 1024;
                peakHeapMiB = Math.max(peakHeapMiB, lastHeapMiB);
                peakCommittedMiB = Math.max(peakCommittedMiB, committed / 1024);
            }
        } catch (IOException e) {
            // jstat ended with the JVM
        }
    }

    private void sampleRss() {
        while (running) {
            peakRssMiB = Math.max(peakRssMiB, ProcessStats.rssMiB(pid));
            long pg = postgresPid;
            if (pg > 0) {
                peakPostgresRssMiB = Math.max(peakPostgresRssMiB, ProcessStats.treeRssMiB(pg));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static double kib(List<String> header, List<String> cells, String column) {
        int i = header.indexOf(column);
        return i < 0 ? 0 : Double.parseDouble(cells.get(i).replace(',', '.'));
    }

    public double lastHeapMiB() {
        return lastHeapMiB;
    }

    public double peakHeapMiB() {
        return peakHeapMiB;
    }

    public double peakCommittedHeapMiB() {
        return peakCommittedMiB;
    }

    public double peakRssMiB() {
        return peakRssMiB;
    }

    public double peakPostgresRssMiB() {
        return peakPostgresRssMiB;
    }

    /** Heap in use after a full GC: what the JVM really holds. */
    public double liveHeapMiB() throws IOException, InterruptedException {
        Process gc = new ProcessBuilder(jdkTool("jcmd"), String.valueOf(pid), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor();
        Process info = new ProcessBuilder(jdkTool("jcmd"), String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor();
        // G1: "garbage-first heap   total 262144K, used 81234K [...]"; the serial collector: one such line per
        // generation ("def new generation", "tenured generation"), which add up
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:heap|generation)\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K").matcher(text);
        long usedKiB = -1;
        while (m.find()) {
            usedKiB = Math.max(usedKiB, 0) + Long.parseLong(m.group(2));
        }
        return usedKiB < 0 ? Double.NaN : usedKiB / 1024.0;
    }

    static String jdkTool(String name) {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    @Override
    public void close() {
        running = false;
        jstat.destroy();
        rssSampler.interrupt();
    }
}
