package org.loyaltyhub.endtoend;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.loyaltyhub.support.HubTestSupport;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test JVM that only plays the sandbox vendors (no routes of its own) for hubs the test starts in child JVMs
 * and kills.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.embedded.enabled=false",
        "hub.sandbox.enabled=true",
        "hub.routes.dir=src/test/resources/no-routes",
        "hub.ops.username=" + HubTestSupport.OPERATOR,
        "hub.ops.password=" + HubTestSupport.OPERATOR_PASSWORD,
        "camel.main.shutdown-timeout=3"})
@ContextConfiguration(initializers = HubTestSupport.Infrastructure.class)
@interface SandboxVendorsOnly {
}
