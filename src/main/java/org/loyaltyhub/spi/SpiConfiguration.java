package org.loyaltyhub.spi;

import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The SPI's request guard on the SPI operations; outside the local default the hub does not start with the local default's key. */
@Configuration(proxyBeanMethods = false)
public class SpiConfiguration {

    static final String LOCAL_DEFAULT_KEY = "local-dev-key";

    @Bean
    FilterRegistrationBean<SpiRequestGuard> spiRequestGuard(SpiProperties properties, SpiErrors errors, Environment environment) {
        boolean localDefault = environment.getProperty("hub.local-default", Boolean.class, false);
        if (properties.apiKeyList().isEmpty()) {
            // the hub's other systems work without the SPI: it just refuses every register
            LoggerFactory.getLogger(SpiConfiguration.class).warn(
                    "hub.spi.api-keys (HUB_SPI_API_KEYS) is not set: every SPI request is refused with 401");
        }
        if (!localDefault && properties.apiKeyList().contains(LOCAL_DEFAULT_KEY)) {
            throw new IllegalStateException("hub.spi.api-keys holds the local default's key; set real ones outside the local default");
        }
        FilterRegistrationBean<SpiRequestGuard> registration = new FilterRegistrationBean<>(new SpiRequestGuard(properties, errors));
        registration.addUrlPatterns("/spi/discount-cards/*");
        registration.setName("spiRequestGuard");
        return registration;
    }
}
