package org.loyaltyhub.support;

import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The contract check of every hub test: {@link VendorContractFilter} in front of the sandbox vendors, and a test
 * that fails when the hub broke a vendor contract while it ran. Both come with {@link HubIntegrationTest}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class VendorContractCheck implements AfterEachCallback {

    @Bean
    VendorContractFilter vendorContractFilter(@Value("${camel.component.http.user-agent}") String hubUserAgent,
            SandboxFaults faults) {
        return new VendorContractFilter(hubUserAgent, faults);
    }

    /** Outside the fault filter, so that it sees whether a fault answered. */
    @Bean
    FilterRegistrationBean<VendorContractFilter> vendorContractFilterRegistration(VendorContractFilter filter) {
        FilterRegistrationBean<VendorContractFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns(VendorContractFilter.PREFIX + "*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Override
    public void afterEach(ExtensionContext test) {
        ApplicationContext context = SpringExtension.getApplicationContext(test);
        List<String> violations = context.getBeanProvider(VendorContractFilter.class).stream()
                .flatMap(filter -> filter.drainViolations().stream()).toList();
        if (!violations.isEmpty()) {
            throw new AssertionError("the hub broke a vendor contract (src/test/resources/contracts/):\n  "
                    + String.join("\n  ", violations));
        }
    }
}
