package org.loyaltyhub.sandbox;

import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.sandbox.faults.SandboxFaultFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the fault injection shared by the sandbox vendors (each vendor package holds its own beans); nothing of it exists unless {@code hub.sandbox.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "hub.sandbox", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(SandboxProperties.class)
public class SandboxConfiguration {

    @Bean
    SandboxFaults sandboxFaults(SandboxProperties properties) {
        return new SandboxFaults(properties.faults());
    }

    /** The filter sees only sandbox traffic, so the hub's own endpoints never pay for it. */
    @Bean
    FilterRegistrationBean<SandboxFaultFilter> sandboxFaultFilter(SandboxFaults faults) {
        FilterRegistrationBean<SandboxFaultFilter> registration = new FilterRegistrationBean<>(new SandboxFaultFilter(faults));
        registration.addUrlPatterns(SandboxFaultFilter.PREFIX + "*");
        return registration;
    }
}
