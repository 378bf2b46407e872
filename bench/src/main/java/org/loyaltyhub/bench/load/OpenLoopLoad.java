package org.loyaltyhub.bench.load;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * An open-loop load generator that does not suffer coordinated omission: request {@code i} is due at
 * {@code start + i / rate}, whatever happened to the requests before it, and its latency is its completion
 * minus that intended start, so a stall of the server (or of this generator) counts in full for every request
 * it delayed. Requests go out asynchronously on Apache HttpClient 5 (HTTP/1.1, TCP_NODELAY) with a pool large
 * enough that the generator never waits for itself; a request waiting for a connection still counts from its
 * intended start. Latencies are recorded in microseconds in an HdrHistogram.
 */
public final class OpenLoopLoad implements AutoCloseable {

    /** What one step measured. */
    public record Step(String name, double rate, long sent, long ok, long failed, double seconds, Histogram latencyMicros) {

        public double achievedRate() {
            return seconds <= 0 ? 0 : sent / seconds;
        }

        public double percentileMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%-9s %6.0f/s sent %6d ok %6d failed %4d  p50 %8.2f ms  p99 %8.2f ms  p99.9 %8.2f ms  max %8.2f ms",
                    name, rate, sent, ok, failed, percentileMillis(50), percentileMillis(99), percentileMillis(99.9),
                    latencyMicros.getMaxValue() / 1000.0);
        }
    }

    private final CloseableHttpAsyncClient client;
    private final Timeout responseTimeout;

    public OpenLoopLoad(int maxConnections, Duration responseTimeout) {
        this.responseTimeout = Timeout.of(responseTimeout);
        PoolingAsyncClientConnectionManager pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections).setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5)).build())
                .build();
        client = HttpAsyncClients.custom()
                .setConnectionManager(pool)
                .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                .setIOReactorConfig(IOReactorConfig.custom().setTcpNoDelay(true).setIoThreadCount(2).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(this.responseTimeout).build())
                .disableCookieManagement()
                .disableAutomaticRetries()
                .build();
        client.start();
    }

    /**
     * Sends {@code rate × duration} requests at fixed intervals and waits for every answer (at most the response
     * timeout after the last one was due). {@code expectedStatus} is the answer that counts as ok.
     */
    public Step run(String name, double rate, Duration duration, LongFunction<SimpleHttpRequest> requests, int expectedStatus) {
        long count = Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        double intervalNanos = 1e9 / rate;
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        for (long i = 0; i < count; i++) {
            long intended = start + Math.round(i * intervalNanos);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            SimpleHttpRequest request = requests.apply(i);
            request.setVersion(HttpVersion.HTTP_1_1);
            client.execute(request, new FutureCallback<SimpleHttpResponse>() {
                @Override
                public void completed(SimpleHttpResponse response) {
                    record(intended);
                    (response.getCode() == expectedStatus ? ok : failed).incrementAndGet();
                }

                @Override
                public void failed(Exception e) {
                    record(intended);
                    failed.incrementAndGet();
                }

                @Override
                public void cancelled() {
                    record(intended);
                    failed.incrementAndGet();
                }

                private void record(long intendedStart) {
                    recorder.recordValue(Math.max(1, (System.nanoTime() - intendedStart) / 1000));
                    done.incrementAndGet();
                }
            });
        }
        long lastDue = start + Math.round((count - 1) * intervalNanos);
        long giveUp = lastDue + responseTimeout.toNanoseconds() + TimeUnit.SECONDS.toNanos(5);
        while (done.get() < count && System.nanoTime() < giveUp) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        Histogram histogram = recorder.getIntervalHistogram();
        long unanswered = count - done.get();
        if (unanswered > 0) {
            // never answered within the limits: each counts as failed, with the longest latency it could have had
            failed.addAndGet(unanswered);
            histogram.recordValueWithCount((System.nanoTime() - lastDue) / 1000, unanswered);
        }
        double seconds = (lastDue - start) / 1e9 + intervalNanos / 1e9;
        return new Step(name, rate, count, ok.get(), failed.get(), seconds, histogram);
    }

    @Override
    public void close() {
        client.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
    }
}
