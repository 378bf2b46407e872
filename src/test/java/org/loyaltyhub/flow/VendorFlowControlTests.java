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

    @Test
    void aRetryAfterOpensTheSystemsCircuitForAsLongAsTheVendorAskedAndStopsItsCalls() throws Exception {
        VendorFlowControl flow = flowOf("codes");
        java.util.List<String> opened = new java.util.ArrayList<>();
        flow.onCircuitOpened(opened::add);
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        org.apache.hc.client5.http.classic.ExecChain tooMany = (request, scope) -> {
            sent.incrementAndGet();
            org.apache.hc.core5.http.message.BasicClassicHttpResponse response = new org.apache.hc.core5.http.message.BasicClassicHttpResponse(429);
            response.addHeader("Retry-After", "120");
            return response;
        };
        org.apache.hc.core5.http.ClassicHttpRequest request = new org.apache.hc.core5.http.message.BasicClassicHttpRequest("POST",
                java.net.URI.create("http://codes.example/api"));

        flow.execute(request, null, tooMany);

        assertThat(flow.circuitOf("codes")).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
        assertThat(opened).containsExactly("codes");
        assertThat(flow.untilCallsPermitted("codes")).isBetween(Duration.ofSeconds(118), Duration.ofSeconds(120));
        assertThat(flow.permitsCalls("codes")).isFalse();
        org.junit.jupiter.api.Assertions.assertThrows(io.github.resilience4j.circuitbreaker.CallNotPermittedException.class,
                () -> flow.execute(request, null, tooMany));
        assertThat(sent).as("the second call never left").hasValue(1);
    }

    @Test
    void aRetryAfterIsWholeSecondsCappedAtFiveMinutesAndNonsenseIsNone() {
        assertThat(VendorFlowControl.retryAfter(answer("7"))).isEqualTo(Duration.ofSeconds(7));
        assertThat(VendorFlowControl.retryAfter(answer("86400"))).isEqualTo(VendorFlowControl.LONGEST_RETRY_AFTER);
        assertThat(VendorFlowControl.retryAfter(answer("soon"))).isZero();
        assertThat(VendorFlowControl.retryAfter(answer("-5"))).isZero();
        assertThat(VendorFlowControl.retryAfter(answer("99999999999999999999"))).isZero();
        assertThat(VendorFlowControl.retryAfter(new org.apache.hc.core5.http.message.BasicClassicHttpResponse(429))).isZero();
    }

    @Test
    void theRetriesOfOneKeyKnownToFailDoNotOpenTheCircuitFreshCallsDo() throws Exception {
        VendorFlowControl flow = flowOf("wallet");
        org.apache.hc.client5.http.classic.ExecChain unavailable = (request, scope) ->
                new org.apache.hc.core5.http.message.BasicClassicHttpResponse(503);
        org.apache.hc.core5.http.ClassicHttpRequest request = new org.apache.hc.core5.http.message.BasicClassicHttpRequest("PATCH",
                java.net.URI.create("http://wallet.example/api/v2/customers/1"));

        for (int i = 0; i < 10; i++) {
            retryOfOneKey(flow, request, unavailable);
        }
        assertThat(flow.circuitOf("wallet")).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);

        for (int i = 0; i < 5; i++) {
            flow.execute(request, null, unavailable);
        }
        assertThat(flow.circuitOf("wallet")).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);

        // half-open, a retried key's call is the probe: its failure opens the circuit again
        flow.breakerOf("wallet").transitionToHalfOpenState();
        retryOfOneKey(flow, request, unavailable);
        assertThat(flow.circuitOf("wallet")).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
    }

    /** One call as the retry of a key known to fail. */
    private static void retryOfOneKey(VendorFlowControl flow, org.apache.hc.core5.http.ClassicHttpRequest request,
            org.apache.hc.client5.http.classic.ExecChain chain) {
        VendorFlowControl.retryingOneKey(() -> {
            try {
                flow.execute(request, null, chain);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Flow control of one system (every URL is its), opening after 5 failed calls in a row for 30 s. */
    private static VendorFlowControl flowOf(String system) {
        org.loyaltyhub.systems.SystemRegistry systems = org.mockito.Mockito.mock(org.loyaltyhub.systems.SystemRegistry.class);
        org.mockito.Mockito.when(systems.names()).thenReturn(java.util.Set.of());
        org.mockito.Mockito.when(systems.exists(system)).thenReturn(true);
        org.mockito.Mockito.when(systems.get(system)).thenReturn(org.mockito.Mockito.mock(org.loyaltyhub.systems.SystemSettings.class,
                org.mockito.Mockito.RETURNS_DEEP_STUBS));
        org.mockito.Mockito.when(systems.get(system).flow().circuitOpenFor()).thenReturn(Duration.ofSeconds(30));
        return new VendorFlowControl(systems, url -> system, () -> 1, 5, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    private static org.apache.hc.core5.http.ClassicHttpResponse answer(String retryAfter) {
        org.apache.hc.core5.http.message.BasicClassicHttpResponse response = new org.apache.hc.core5.http.message.BasicClassicHttpResponse(429);
        response.addHeader("Retry-After", retryAfter);
        return response;
    }
}
