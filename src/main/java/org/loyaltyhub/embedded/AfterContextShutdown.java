package org.loyaltyhub.embedded;

import java.util.Optional;

/**
 * A JVM shutdown hook that runs after Spring Boot's own. The JVM starts every hook at once, so a hook that
 * stopped the embedded PostgreSQL or Kafka straight away would pull them from under a context that is
 * still closing: its routes would fail their last work and wait out their timeouts instead of finishing.
 */
public final class AfterContextShutdown {

    /** The name Spring Boot gives the thread of its shutdown hook ({@code SpringApplicationShutdownHook}). */
    private static final String SPRING_HOOK = "SpringApplicationShutdownHook";
    private static final long APPEAR_MILLIS = 1_000;
    /**
     * Longest wait for the context to close: a context stuck in its close must not keep the servers, and the JVM,
     * alive (a test JVM is killed 30 s after its exit began, which would leave PostgreSQL running).
     */
    private static final long CLOSE_MILLIS = 25_000;

    private AfterContextShutdown() {
    }

    public static void register(String name, Runnable action) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            springHook().ifPresent(hook -> {
                try {
                    hook.join(CLOSE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            action.run();
        }, name));
    }

    /** Spring's hook thread; the JVM may start it a moment after this one, so it is looked for briefly. */
    private static Optional<Thread> springHook() {
        long until = System.currentTimeMillis() + APPEAR_MILLIS;
        while (true) {
            Optional<Thread> hook = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> SPRING_HOOK.equals(thread.getName())).findFirst();
            if (hook.isPresent() || System.currentTimeMillis() > until) {
                return hook;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
