package org.loyaltyhub.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The hub as it runs, on a random port, against the test JVM's real PostgreSQL and Kafka (a database
 * and topics of its own) with the sandbox vendors, short poll and retry times, and a test operator. Every call
 * the hub makes to a sandbox vendor is checked against that vendor's contract ({@link VendorContractCheck}): a test
 * during which the hub broke one fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.embedded.enabled=false",
        "hub.sandbox.enabled=true",
        "hub.ops.username=" + HubTestSupport.OPERATOR,
        "hub.ops.password=" + HubTestSupport.OPERATOR_PASSWORD,
        "hub.spi.api-keys=" + HubTestSupport.SPI_KEY,
        "hub.api.keys.tests.key=" + HubTestSupport.API_KEY,
        "hub.api.keys.tests.scopes=api/promo-assignments",
        "hub.systems.ecom.base-url=http://127.0.0.1:${local.server.port}/sandbox/ecom",
        "hub.systems.ecom.poll-interval=500ms",
        "hub.systems.ecom.poll-delay=200",
        "hub.systems.ecom.retry.max-attempts=30",
        "hub.systems.ecom.retry.initial-delay=20ms",
        "hub.systems.ecom.retry.max-delay=200ms",
        "hub.systems.ecom.circuit-open-for=200ms",
        "hub.systems.ecom.batch.timeout=200",
        "hub.systems.codes.base-url=http://127.0.0.1:${local.server.port}/sandbox/codes",
        "hub.systems.codes.poll-interval=500ms",
        "hub.systems.codes.poll-delay=200",
        "hub.systems.codes.retry.max-attempts=30",
        "hub.systems.codes.retry.initial-delay=20ms",
        "hub.systems.codes.retry.max-delay=200ms",
        "hub.systems.codes.circuit-open-for=200ms",
        "hub.systems.promo.base-url=http://127.0.0.1:${local.server.port}/sandbox/promo",
        "hub.systems.promo.retry.max-attempts=30",
        "hub.systems.promo.retry.initial-delay=20ms",
        "hub.systems.promo.retry.max-delay=200ms",
        "hub.systems.promo.circuit-open-for=200ms",
        "hub.systems.wallet.base-url=http://127.0.0.1:${local.server.port}/sandbox/wallet",
        "hub.systems.wallet.retry.max-attempts=30",
        "hub.systems.wallet.retry.initial-delay=20ms",
        "hub.systems.wallet.retry.max-delay=200ms",
        "hub.systems.wallet.circuit-open-for=200ms",
        "hub.outbox.poll-interval=100ms",
        // parked deliveries are due after the tests' short backoffs: looked for as often
        "hub.parking.poll-interval=100ms",
        "hub.ops.refresh-interval=500ms",
        "hub.kafka.max-poll-records=500",
        // a context closed by the test cache (or at the JVM's end, one after another) waits this long for deliveries in
        // flight, which with the sandbox vendors already gone only retry (Camel's test listener would make it 10 s: not
        // used here)
        "camel.main.shutdown-timeout=1",
        // answers over 8 KiB go through a temporary file, as the local default's over 1 MiB do: the tests' lists take that path
        "camel.main.stream-caching-spool-threshold=8192",
        // the sandbox vendors stop with the web server, before Camel: a delivery in a consumer's hands then only retries
        "hub.kafka.shutdown-timeout=1000"})
@ContextConfiguration(initializers = HubTestSupport.Infrastructure.class)
@Import(VendorContractCheck.class)
@ExtendWith(VendorContractCheck.class)
public @interface HubIntegrationTest {
}
