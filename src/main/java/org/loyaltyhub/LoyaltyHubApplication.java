package org.loyaltyhub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Loyalty Hub: keeps loyalty and discount-card systems in step through one canonical model on Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LoyaltyHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(LoyaltyHubApplication.class, args);
    }
}
