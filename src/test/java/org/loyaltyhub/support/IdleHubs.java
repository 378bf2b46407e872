package org.loyaltyhub.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Suspends the routes of a cached test hub while other test classes run, and resumes them before its next class. A
 * hub the context cache keeps goes on polling its sandbox vendors every 500 ms and consuming Kafka: a dozen of them
 * idle in the test JVM slowed the suite's later classes two- to threefold (CrashRecoveryIntegrationTests took 77 s
 * alone and 150-217 s in the full suite). Registered for every Spring test in META-INF/spring.factories.
 */
public class IdleHubs implements TestExecutionListener, Ordered {

    private static final Logger log = LoggerFactory.getLogger(IdleHubs.class);
    private static final Set<CamelContext> SUSPENDED = ConcurrentHashMap.newKeySet();

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // resumed before any other listener touches the hub
    }

    @Override
    public void beforeTestClass(TestContext testContext) throws Exception {
        CamelContext camel = camelOf(testContext);
        if (camel != null && SUSPENDED.remove(camel)) {
            camel.resume();
        }
    }

    @Override
    public void afterTestClass(TestContext testContext) throws Exception {
        CamelContext camel = camelOf(testContext);
        if (camel != null && camel.isStarted()) {
            try {
                camel.suspend();
                SUSPENDED.add(camel);
            } catch (RuntimeException e) {
                log.warn("Could not suspend the idle test hub's routes: {}", e.toString());
            }
        }
    }

    /** The hub of an already loaded (cached) context; never loads one. */
    private static CamelContext camelOf(TestContext testContext) {
        if (!testContext.hasApplicationContext()) {
            return null;
        }
        return testContext.getApplicationContext().getBeanProvider(CamelContext.class).getIfAvailable();
    }
}
