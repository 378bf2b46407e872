package org.loyaltyhub.sandbox.faults;

import org.loyaltyhub.sandbox.SandboxValidationException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The faults active per sandbox system, and how many calls each system failed because of them. */
public class SandboxFaults {

    private static final Logger log = LoggerFactory.getLogger(SandboxFaults.class);

    private final Map<String, SandboxFault> activeBySystem = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failedCallsBySystem = new ConcurrentHashMap<>();

    /** Starts with the configured faults; an invalid one stops the start rather than being ignored. */
    public SandboxFaults(Map<String, SandboxFault> initial) {
        initial.forEach((system, fault) -> {
            if (!fault.problems().isEmpty()) {
                throw new IllegalArgumentException("hub.sandbox.faults." + system + " is invalid: " + fault.problems());
            }
            set(system, fault);
        });
    }

    /** Activates a fault for a system, replacing any earlier one. */
    public SandboxFault set(String system, SandboxFault fault) {
        if (!fault.problems().isEmpty()) {
            throw new SandboxValidationException("invalid fault for " + system, fault.problems());
        }
        activeBySystem.put(system, fault);
        log.info("Sandbox {}: fault injected {}", system, fault);
        return fault;
    }

    public Optional<SandboxFault> active(String system) {
        return Optional.ofNullable(activeBySystem.get(system));
    }

    /** Removes the system's fault; returns whether there was one. */
    public boolean clear(String system) {
        boolean cleared = activeBySystem.remove(system) != null;
        if (cleared) {
            log.info("Sandbox {}: fault cleared", system);
        }
        return cleared;
    }

    /** Removes every fault and zeroes every counter (between tests). */
    public void clearAll() {
        activeBySystem.clear();
        failedCallsBySystem.clear();
    }

    /** How many calls of the system a fault answered with its status or made hang. */
    public long failedCalls(String system) {
        AtomicLong count = failedCallsBySystem.get(system);
        return count == null ? 0 : count.get();
    }

    void recordFailedCall(String system) {
        failedCallsBySystem.computeIfAbsent(system, s -> new AtomicLong()).incrementAndGet();
    }
}
