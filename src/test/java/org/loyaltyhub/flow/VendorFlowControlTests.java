package org.loyaltyhub.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VendorFlowControlTests {

    @Test
    void aRateLimitIsSharedAmongTheLiveInstances() {
        assertThat(perSecond(VendorFlowControl.rateLimiterConfig(5, 1))).isEqualTo(5.0);
        assertThat(perSecond(VendorFlowControl.rateLimiterConfig(5, 2))).isEqualTo(2.5);
        assertThat(VendorFlowControl.rateLimiterConfig(5, 2).getLimitRefreshPeriod()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void callsAreSpreadEvenlyNotAllowedInBurstsOfASecond() {
        assertThat(VendorFlowControl.rateLimiterConfig(5, 1).getLimitForPeriod()).isOne();
        assertThat(VendorFlowControl.rateLimiterConfig(5, 1).getLimitRefreshPeriod()).isEqualTo(Duration.ofMillis(200));
        assertThat(perSecond(VendorFlowControl.rateLimiterConfig(1000, 1))).isEqualTo(1000.0);
        assertThat(VendorFlowControl.rateLimiterConfig(1000, 1).getLimitForPeriod()).isEqualTo(10);
    }

    @Test
    void aShareBelowOneCallASecondStretchesThePeriod() {
        RateLimiterConfig third = VendorFlowControl.rateLimiterConfig(1, 3);
        assertThat(third.getLimitForPeriod()).isOne();
        assertThat(third.getLimitRefreshPeriod()).isEqualTo(Duration.ofSeconds(3));
    }

    private static double perSecond(RateLimiterConfig config) {
        return config.getLimitForPeriod() * 1000.0 / config.getLimitRefreshPeriod().toMillis();
    }
}
