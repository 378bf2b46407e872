package org.loyaltyhub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Loyalty Hub: keeps loyalty and discount-card systems in step through one canonical model on Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LoyaltyHubApplication {

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--check")) {
            // validate a configuration folder only: no Kafka, no database, no routes started
            org.loyaltyhub.check.ConfigCheck.main(args);
            return;
        }
        SpringApplication.run(LoyaltyHubApplication.class, args);
    }
}
