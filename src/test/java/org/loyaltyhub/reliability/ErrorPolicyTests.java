package org.loyaltyhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.loyaltyhub.canonical.CanonicalValidationException;
import org.loyaltyhub.canonical.CanonicalValidationException.Violation;
import org.loyaltyhub.mapping.MappingException;
import org.loyaltyhub.systems.SystemSettings;

class ErrorPolicyTests {

    /** 500 ms doubling up to 30 s, as ecom is configured. */
    private static final SystemSettings.Retry RETRY = new SystemSettings.Retry(6, Duration.ofMillis(500), 2.0, Duration.ofSeconds(30));
    private static final int SAMPLES = 200;

    private static HttpOperationFailedException http(int status) {
        return http(status, Map.of());
    }

    private static HttpOperationFailedException http(int status, Map<String, String> headers) {
        return new HttpOperationFailedException("http://vendor.test/cards", status, "status " + status, null, headers, "");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 408, 409, 422, 429, 503})
    void aVendorThatSaysItDidNotTakeTheCallAppliedNothing(int status) {
        assertThat(ErrorPolicy.neverApplied(http(status))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 504})
    void aServerErrorThatDoesNotSaySoLeavesTheOutcomeUnknown(int status) {
        assertThat(ErrorPolicy.neverApplied(http(status))).isFalse();
    }

    @Test
    void aCallThatNeverLeftAppliedNothingOneWithoutAnAnswerIsUnknown() {
        assertThat(ErrorPolicy.neverApplied(new ConnectException("refused"))).isTrue();
        assertThat(ErrorPolicy.neverApplied(new org.apache.hc.client5.http.ConnectTimeoutException("connect timed out"))).isTrue();
        assertThat(ErrorPolicy.neverApplied(new VendorRejectedException("error 3: profile not found", false))).isTrue();
        assertThat(ErrorPolicy.neverApplied(new SocketTimeoutException("read timed out"))).isFalse();
        assertThat(ErrorPolicy.neverApplied(new java.net.SocketException("Connection reset"))).isFalse();
        assertThat(ErrorPolicy.neverApplied(new org.apache.hc.core5.http.NoHttpResponseException("failed to respond"))).isFalse();
        assertThat(ErrorPolicy.neverApplied(new OutcomeUnknownException("unreadable answer"))).isFalse();
        assertThat(ErrorPolicy.neverApplied(new CamelExecutionException("wrapped", null, http(503)))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 429, 408})
    void serverErrorsThrottlingAndTimeoutsAreRetried(int status) {
        assertThat(ErrorPolicy.isRetryable(http(status))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422})
    void clientErrorsAreNotRetried(int status) {
        assertThat(ErrorPolicy.isRetryable(http(status))).isFalse();
    }

    @Test
    void connectionAndReadFailuresAreRetried() {
        assertThat(ErrorPolicy.isRetryable(new ConnectException("Connection refused"))).isTrue();
        assertThat(ErrorPolicy.isRetryable(new SocketTimeoutException("Read timed out"))).isTrue();
        assertThat(ErrorPolicy.isRetryable(new TimeoutException("no answer"))).isTrue();
    }

    @Test
    void mappingAndValidationFailuresAreNotRetried() {
        CanonicalValidationException invalid = new CanonicalValidationException("card",
                List.of(new Violation("/number", "required", "is required")));

        assertThat(ErrorPolicy.isRetryable(new MappingException("ecom/card.to-canonical", "produced nothing", null))).isFalse();
        assertThat(ErrorPolicy.isRetryable(invalid)).isFalse();
        assertThat(ErrorPolicy.isRetryable(new IllegalArgumentException("not a CloudEvent"))).isFalse();
    }

    @Test
    void theVendorSaysWhetherItsRejectionIsRetryable() {
        assertThat(ErrorPolicy.isRetryable(new VendorRejectedException("busy, try later", true))).isTrue();
        assertThat(ErrorPolicy.isRetryable(new VendorRejectedException("card code taken", false))).isFalse();
    }

    @Test
    void causesAreUnwrapped() {
        assertThat(ErrorPolicy.isRetryable(new CamelExecutionException("send failed", null, http(404)))).isFalse();
        assertThat(ErrorPolicy.isRetryable(new RuntimeException(new RuntimeException(http(503))))).isTrue();
        assertThat(ErrorPolicy.isRetryable(new UncheckedIOException(new ConnectException("refused")))).isTrue();
        assertThat(ErrorPolicy.isRetryable(new RuntimeException("wrapped",
                new MappingException("ecom/card.from-canonical", "bad amount", null)))).isFalse();
        assertThat(ErrorPolicy.isRetryable(new RuntimeException(new VendorRejectedException("no", false)))).isFalse();
    }

    @Test
    void unknownFailuresAreRetried() {
        assertThat(ErrorPolicy.isRetryable(new IllegalStateException("connection pool exhausted"))).isTrue();
        assertThat(ErrorPolicy.isRetryable(null)).isTrue();
    }

    @Test
    void delayGrowsExponentiallyWithEqualJitter() {
        assertThat(delays(1)).allSatisfy(delay -> assertThat(delay).isBetween(250L, 500L));
        assertThat(delays(2)).allSatisfy(delay -> assertThat(delay).isBetween(500L, 1000L));
        assertThat(delays(3)).allSatisfy(delay -> assertThat(delay).isBetween(1000L, 2000L));
        assertThat(delays(5)).allSatisfy(delay -> assertThat(delay).isBetween(4000L, 8000L));
    }

    @Test
    void theFirstRetryWaitsAboutTheInitialDelayEvenWithoutACounter() {
        assertThat(delays(0)).allSatisfy(delay -> assertThat(delay).isBetween(250L, 500L));
    }

    @Test
    void delayIsJitteredNotFixed() {
        assertThat(new HashSet<>(delays(4))).hasSizeGreaterThan(10);
    }

    @Test
    void delayNeverExceedsTheMaxDelay() {
        for (int redelivery : new int[] {7, 10, 30, 200}) {
            assertThat(delays(redelivery)).allSatisfy(delay -> assertThat(delay).isBetween(15_000L, 30_000L));
        }
    }

    @Test
    void retryAfterSecondsAreHonoured() {
        HttpOperationFailedException throttled = http(429, Map.of("Retry-After", "120"));

        assertThat(ErrorPolicy.retryAfterMillis(throttled)).isEqualTo(120_000);
        assertThat(ErrorPolicy.delayMillis(RETRY, 1, throttled)).isEqualTo(120_000);
        assertThat(ErrorPolicy.delayMillis(RETRY, 1, http(503, Map.of("retry-after", " 7 ")))).isEqualTo(7_000);
        assertThat(ErrorPolicy.delayMillis(RETRY, 1, new RuntimeException(throttled))).as("wrapped").isEqualTo(120_000);
    }

    /** HTTP header names are case-insensitive, and Camel hands them over as the vendor spelled them. */
    @Test
    void retryAfterIsFoundWhateverTheCaseOfItsName() {
        assertThat(ErrorPolicy.retryAfterMillis(http(503, Map.of("Retry-after", "30")))).isEqualTo(30_000);
        assertThat(ErrorPolicy.retryAfterMillis(http(503, Map.of("RETRY-AFTER", "30")))).isEqualTo(30_000);
    }

    @Test
    void retryAfterIsCappedAtFiveMinutes() {
        assertThat(ErrorPolicy.delayMillis(RETRY, 1, http(503, Map.of("Retry-After", "3600")))).isEqualTo(300_000);
    }

    /** seconds * 1000 overflows a long from 16 digits on; from 20 digits on Long.parseLong throws inside retryWhile. */
    @Test
    void aHugeRetryAfterIsCappedAtFiveMinutesToo() {
        assertThat(ErrorPolicy.delayMillis(RETRY, 1, http(503, Map.of("Retry-After", "9999999999999999")))).isEqualTo(300_000);
        assertThat(ErrorPolicy.delayMillis(RETRY, 1, http(503, Map.of("Retry-After", "99999999999999999999")))).isEqualTo(300_000);
    }

    @Test
    void aShortRetryAfterDoesNotShortenTheBackoff() {
        HttpOperationFailedException soon = http(503, Map.of("Retry-After", "1"));

        assertThat(IntStream.range(0, SAMPLES).mapToLong(i -> ErrorPolicy.delayMillis(RETRY, 5, soon)))
                .allSatisfy(delay -> assertThat(delay).isBetween(4000L, 8000L));
    }

    @Test
    void aRetryAfterThatIsNotSecondsIsIgnored() {
        HttpOperationFailedException dated = http(503, Map.of("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"));

        assertThat(ErrorPolicy.retryAfterMillis(dated)).isZero();
        assertThat(ErrorPolicy.retryAfterMillis(http(503))).isZero();
        assertThat(ErrorPolicy.retryAfterMillis(new ConnectException("refused"))).isZero();
        assertThat(ErrorPolicy.delayMillis(RETRY, 1, dated)).isBetween(250L, 500L);
    }

    private static List<Long> delays(int redelivery) {
        return IntStream.range(0, SAMPLES).mapToObj(i -> ErrorPolicy.delayMillis(RETRY, redelivery, http(503))).toList();
    }

    @Test
    void aDatabaseErrorIsReducedToItsStateAndConstraintWithoutTheRowsValues() throws Exception {
        String url = org.loyaltyhub.support.TestInfrastructure.get().newDatabase();
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(url, "postgres", "");
                java.sql.Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE card (number text CONSTRAINT card_number_unique UNIQUE)");
            sql.execute("INSERT INTO card VALUES ('4000-SECRET-CARD')");
            java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> sql.execute("INSERT INTO card VALUES ('4000-SECRET-CARD')"));
            assertThat(refused.getMessage()).contains("4000-SECRET-CARD"); // PostgreSQL's detail quotes the key
            Exception wrapped = new org.springframework.dao.DuplicateKeyException("INSERT failed: " + refused.getMessage(), refused);

            assertThat(ErrorPolicy.safeMessage(wrapped)).isEqualTo("database error 23505, constraint card_number_unique");
            assertThat(ErrorPolicy.describe(wrapped)).doesNotContain("4000-SECRET-CARD").contains("card_number_unique");
        }
    }

    @Test
    void aDeliveryWaitingForAPollIsCheckedTwiceAnIntervalForTwentyIntervalsNotForTheVendorsRetryBudget() {
        org.loyaltyhub.systems.SystemRegistry systems = org.mockito.Mockito.mock(org.loyaltyhub.systems.SystemRegistry.class);
        ErrorPolicy policy = new ErrorPolicy(systems, org.mockito.Mockito.mock(org.loyaltyhub.systems.SystemActivity.class),
                org.mockito.Mockito.mock(ParkedDeliveries.class), org.mockito.Mockito.mock(org.loyaltyhub.flow.VendorFlowControl.class));
        org.apache.camel.Exchange exchange = new org.apache.camel.support.DefaultExchange(new org.apache.camel.impl.DefaultCamelContext());
        exchange.setException(new AwaitingPollException("an earlier create waits", Duration.ofSeconds(10)));
        // far beyond the retry budget of any system: waiting for a poll does not spend it
        exchange.getIn().setHeader(org.apache.camel.Exchange.REDELIVERY_COUNTER, 50);

        assertThat(policy.shouldRetry(exchange)).isTrue();
        assertThat(exchange.getMessage().getHeader(org.apache.camel.Exchange.REDELIVERY_DELAY)).isEqualTo(5_000L);

        exchange.setProperty(ErrorPolicy.FIRST_FAILED_AT, java.time.OffsetDateTime.now().minusSeconds(199));
        assertThat(policy.shouldRetry(exchange)).isTrue();
        exchange.setProperty(ErrorPolicy.FIRST_FAILED_AT, java.time.OffsetDateTime.now().minusSeconds(201));
        assertThat(policy.shouldRetry(exchange)).isFalse();

        exchange.setException(new AwaitingPollException("an hourly poll", Duration.ofHours(1)));
        assertThat(policy.shouldRetry(exchange)).isTrue();
        assertThat(exchange.getMessage().getHeader(org.apache.camel.Exchange.REDELIVERY_DELAY)).as("a check is one query").isEqualTo(5_000L);
    }

    @Test
    void aShortPollIntervalIsWaitedForAtLeastTenSeconds() {
        assertThat(new AwaitingPollException("waits", Duration.ofMillis(200)).patience()).isEqualTo(Duration.ofSeconds(10));
        assertThat(new AwaitingPollException("waits", Duration.ofSeconds(10)).patience()).isEqualTo(Duration.ofSeconds(200));
    }

    @Test
    void aOneEventDeliveryRetriesInPlaceOnlyWithinHoldAtMostThenParksWithTheAttemptsItSpent() {
        org.loyaltyhub.systems.SystemRegistry systems = org.mockito.Mockito.mock(org.loyaltyhub.systems.SystemRegistry.class);
        ParkedDeliveries parking = org.mockito.Mockito.mock(ParkedDeliveries.class);
        org.mockito.Mockito.when(parking.holdAtMost()).thenReturn(Duration.ofSeconds(2));
        ErrorPolicy policy = new ErrorPolicy(systems, org.mockito.Mockito.mock(org.loyaltyhub.systems.SystemActivity.class),
                parking, org.mockito.Mockito.mock(org.loyaltyhub.flow.VendorFlowControl.class));
        org.apache.camel.Exchange exchange = new org.apache.camel.support.DefaultExchange(new org.apache.camel.impl.DefaultCamelContext());
        exchange.setProperty(ParkedDeliveries.PARKABLE, true);
        exchange.setException(new java.net.ConnectException("refused"));
        exchange.getIn().setHeader(org.apache.camel.Exchange.REDELIVERY_COUNTER, 1);

        // the default limits (3 attempts, 500 ms first): a first wait of at most 500 ms is waited in place
        assertThat(policy.shouldRetry(exchange)).isTrue();
        assertThat(exchange.getProperty(ParkedDeliveries.PARK_FOR)).isNull();

        // the same wait after 1.8 s of failing would hold the consumer past 2 s: parked instead, one attempt spent
        exchange.setProperty(ErrorPolicy.FIRST_FAILED_AT, java.time.OffsetDateTime.now().minusNanos(1_800_000_000L));
        assertThat(policy.shouldRetry(exchange)).isFalse();
        assertThat(exchange.getProperty(ParkedDeliveries.PARK_FOR, Long.class)).isBetween(250L, 500L);
        assertThat(exchange.getProperty(ParkedDeliveries.PARK_ATTEMPTS)).isEqualTo(1);

        // a parked delivery brought back with two attempts spent is tried once: its next attempt is parked again
        org.apache.camel.Exchange parked = new org.apache.camel.support.DefaultExchange(new org.apache.camel.impl.DefaultCamelContext());
        parked.setProperty(ParkedDeliveries.PARKABLE, true);
        parked.setProperty(ParkedDeliveries.PARKED_ID, 7L);
        parked.setProperty(ParkedDeliveries.PRIOR_ATTEMPTS, 1);
        parked.setException(new java.net.ConnectException("refused"));
        parked.getIn().setHeader(org.apache.camel.Exchange.REDELIVERY_COUNTER, 1);
        assertThat(policy.shouldRetry(parked)).isFalse();
        assertThat(parked.getProperty(ParkedDeliveries.PARK_ATTEMPTS)).isEqualTo(2);
        assertThat(parked.getProperty(ErrorPolicy.ATTEMPTS)).isEqualTo(2);

        // out of attempts (3): not parked, a dead letter
        parked.removeProperty(ParkedDeliveries.PARK_FOR);
        parked.setProperty(ParkedDeliveries.PRIOR_ATTEMPTS, 2);
        assertThat(policy.shouldRetry(parked)).isFalse();
        assertThat(parked.getProperty(ParkedDeliveries.PARK_FOR)).isNull();
    }

    @Test
    void aDeliveryMeetingAnOpenCircuitWaitsUntilItLetsCallsOutWithoutSpendingAttempts() {
        org.loyaltyhub.systems.SystemRegistry systems = org.mockito.Mockito.mock(org.loyaltyhub.systems.SystemRegistry.class);
        org.mockito.Mockito.when(systems.exists("codes")).thenReturn(true);
        org.mockito.Mockito.when(systems.get("codes")).thenReturn(org.mockito.Mockito.mock(org.loyaltyhub.systems.SystemSettings.class,
                org.mockito.Mockito.RETURNS_DEEP_STUBS));
        ParkedDeliveries parking = org.mockito.Mockito.mock(ParkedDeliveries.class);
        org.mockito.Mockito.when(parking.holdAtMost()).thenReturn(Duration.ofSeconds(2));
        org.loyaltyhub.flow.VendorFlowControl flow = org.mockito.Mockito.mock(org.loyaltyhub.flow.VendorFlowControl.class);
        org.mockito.Mockito.when(flow.untilCallsPermitted("codes")).thenReturn(Duration.ofSeconds(118));
        ErrorPolicy policy = new ErrorPolicy(systems, org.mockito.Mockito.mock(org.loyaltyhub.systems.SystemActivity.class), parking, flow);
        org.apache.camel.Exchange exchange = new org.apache.camel.support.DefaultExchange(new org.apache.camel.impl.DefaultCamelContext());
        exchange.getMessage().setHeader(org.loyaltyhub.exchange.DeliveryItem.HEADER_TARGET, "codes");
        exchange.setProperty(ParkedDeliveries.PARKABLE, true);
        exchange.setException(io.github.resilience4j.circuitbreaker.CallNotPermittedException.createCallNotPermittedException(
                io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("codes")));
        exchange.getIn().setHeader(org.apache.camel.Exchange.REDELIVERY_COUNTER, 1);

        assertThat(policy.shouldRetry(exchange)).as("two minutes are not waited in place").isFalse();
        assertThat(exchange.getProperty(ParkedDeliveries.PARK_FOR)).isEqualTo(118_000L);
        assertThat(exchange.getProperty(ParkedDeliveries.PARK_ATTEMPTS)).as("no call left the hub").isEqualTo(0);
    }
}
