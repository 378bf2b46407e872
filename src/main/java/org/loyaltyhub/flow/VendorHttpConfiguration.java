package org.loyaltyhub.flow;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.loyaltyhub.systems.VendorCredentials;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every vendor call of every route template goes through Camel's http or https component: their HTTP clients add
 * the system's credential to each request as it leaves ({@link VendorCredentials}), hold it to the system's circuit,
 * rate limit and concurrency limit ({@link VendorFlowControl}), and never retry on their own.
 */
@Configuration(proxyBeanMethods = false)
public class VendorHttpConfiguration {

    @Bean
    CamelContextConfiguration vendorCredentialsOnHttpClients(VendorCredentials credentials, VendorFlowControl flow) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                for (String scheme : new String[] {"http", "https"}) {
                    // no retries inside the client: it would send a POST again after a 503 on its own, around the
                    // error policy, which is the one place that decides what is sent again
                    camel.getComponent(scheme, HttpComponent.class).setHttpClientConfigurer(client -> client.disableAutomaticRetries()
                            .addExecInterceptorFirst("vendor-flow-control", flow)
                            .addRequestInterceptorLast((request, entity, context) -> credentials.authenticate(request)));
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing: the clients are configured before the first route starts
            }
        };
    }
}
