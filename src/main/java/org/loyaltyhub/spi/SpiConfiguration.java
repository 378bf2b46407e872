package org.loyaltyhub.spi;

import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SPI's request guard on the SPI operations (the local default's key is refused elsewhere by {@code check.ProductionSettingsCheck}). */
@Configuration(proxyBeanMethods = false)
public class SpiConfiguration {

    @Bean
    FilterRegistrationBean<SpiRequestGuard> spiRequestGuard(SpiProperties properties, SpiErrors errors) {
        if (properties.apiKeyList().isEmpty()) {
            // the hub's other systems work without the SPI: it just refuses every register
            LoggerFactory.getLogger(SpiConfiguration.class).warn(
                    "hub.spi.api-keys (HUB_SPI_API_KEYS) is not set: every SPI request is refused with 401");
        }
        FilterRegistrationBean<SpiRequestGuard> registration = new FilterRegistrationBean<>(new SpiRequestGuard(properties, errors));
        registration.addUrlPatterns("/spi/discount-cards/*");
        registration.setName("spiRequestGuard");
        return registration;
    }
}
