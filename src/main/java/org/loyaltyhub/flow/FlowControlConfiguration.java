package org.loyaltyhub.flow;

import io.micrometer.core.instrument.MeterRegistry;
import org.loyaltyhub.cluster.HubInstance;
import org.loyaltyhub.systems.SystemRegistry;
import org.loyaltyhub.systems.VendorCredentials;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link VendorFlowControl} of the hub ({@code OpsGauges} shares its rate limits among the live instances each tick). */
@Configuration(proxyBeanMethods = false)
public class FlowControlConfiguration {

    @Bean
    VendorFlowControl vendorFlowControl(SystemRegistry systems, VendorCredentials credentials, HubInstance instance,
            @Value("${hub.ops.open-circuit-after:5}") int openCircuitAfter, MeterRegistry meters) {
        return new VendorFlowControl(systems, credentials::systemNameOf, instance::instancesAlive, openCircuitAfter, meters);
    }
}
