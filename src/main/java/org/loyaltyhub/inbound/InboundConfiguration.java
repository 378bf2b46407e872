package org.loyaltyhub.inbound;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The body limit in front of the hub's API and webhooks. */
@Configuration(proxyBeanMethods = false)
public class InboundConfiguration {

    @Bean
    FilterRegistrationBean<InboundBodyLimit> inboundBodyLimit(@Value("${hub.inbound.max-body-bytes:65536}") int maxBodyBytes) {
        FilterRegistrationBean<InboundBodyLimit> registration = new FilterRegistrationBean<>(new InboundBodyLimit(maxBodyBytes));
        registration.addUrlPatterns("/api/*", "/inbound/*");
        registration.setName("inboundBodyLimit");
        return registration;
    }
}
