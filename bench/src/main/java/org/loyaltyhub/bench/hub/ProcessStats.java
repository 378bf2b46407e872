package org.loyaltyhub.bench.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What Linux says about a process: CPU time from {@code /proc/<pid>/stat} (utime + stime, and with
 * {@code children} also the reaped children's cutime + cstime), resident memory from {@code /proc/<pid>/status}
 * (VmRSS, and VmHWM: the peak).
 */
public final class ProcessStats {

    private static final double TICKS_PER_SECOND = ticks();

    private ProcessStats() {
    }

    /** CPU seconds of the process (utime + stime), plus its reaped children's when {@code children}. */
    public static double cpuSeconds(long pid, boolean children) {
        Optional<String[]> fields = statFields(pid);
        if (fields.isEmpty()) {
            return 0;
        }
        String[] f = fields.get();
        // fields after the command name: index 0 = state (field 3); utime = field 14, stime 15, cutime 16, cstime 17
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (children) {
            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** CPU seconds of a process tree: the root's own (and reaped children's) plus every live descendant's. */
    public static double treeCpuSeconds(long pid) {
        double total = cpuSeconds(pid, true);
        Optional<ProcessHandle> root = ProcessHandle.of(pid);
        if (root.isPresent()) {
            for (ProcessHandle child : root.get().descendants().toList()) {
                total += cpuSeconds(child.pid(), true);
            }
        }
        return total;
    }

    /** Resident set of the process in MiB (VmRSS), 0 when it is gone. */
    public static double rssMiB(long pid) {
        return statusKiB(pid, "VmRSS:") / 1024.0;
    }

    /** Peak resident set of the process in MiB (VmHWM). */
    public static double peakRssMiB(long pid) {
        return statusKiB(pid, "VmHWM:") / 1024.0;
    }

    /** Resident set of a process tree in MiB (shared pages counted once per process: an upper bound). */
    public static double treeRssMiB(long pid) {
        double total = rssMiB(pid);
        Optional<ProcessHandle> root = ProcessHandle.of(pid);
        if (root.isPresent()) {
            for (ProcessHandle child : root.get().descendants().toList()) {
                total += rssMiB(child.pid());
            }
        }
        return total;
    }

    private static long statusKiB(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static Optional<String[]> statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command name is in parentheses and may hold spaces: split after the last ')'
            return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static double ticks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            List<String> out = new String(p.getInputStream().readAllBytes()).lines().toList();
            p.waitFor();
            return Double.parseDouble(out.get(0).trim());
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
