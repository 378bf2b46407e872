package org.loyaltyhub.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.test.context.TestPropertySource;

/**
 * The route-level tier ({@code *RouteTests}): the hub of {@link HubIntegrationTest} (real PostgreSQL and Kafka, its
 * routes from the YAML files), in one application context that only route tests share. Route tests change that
 * context's routes with {@code AdviceWith} ({@link RouteAdvice}), and an advised route stays advised for the
 * context's life: that is why it is a context of its own, never the one the integration tests share. Every route
 * test class uses exactly these settings, so the context starts once for all of them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@CamelSpringBootTest
@HubIntegrationTest
@TestPropertySource(properties = {
        // a context of its own (see above): no other test class has this property
        "hub.tests.tier=route",
        // only the routes under test work: codes and wallet stay stopped, ecom polls once at start and then hourly
        // (less noise, less CPU for the rest of the suite, which keeps this context cached); a test that needs a poll
        // runs it itself (RouteAdvice.pollOnDemand)
        "hub.systems.codes.enabled=false",
        "hub.systems.wallet.enabled=false",
        "hub.systems.ecom.poll-interval=1h",
        // a batch is complete at 5 events; a batch that fails to complete by size would wait for the timeout
        "hub.systems.ecom.batch.size=" + HubRouteTest.ECOM_BATCH_SIZE,
        "hub.systems.ecom.batch.timeout=30000",
        // a program whose balance the SPI ledger keeps: a sale applied twice shows in it
        "hub.programs.routetests.currency=MDL",
        "hub.programs.routetests.limit-type=hard",
        "hub.programs.routetests.original-balance=100.00"})
public @interface HubRouteTest {

    int ECOM_BATCH_SIZE = 5;
}
