package org.loyaltyhub.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.EventNotifierSupport;
import org.loyaltyhub.reliability.ErrorPolicy;
import org.loyaltyhub.systems.SystemActivity;
import org.springframework.stereotype.Component;

/**
 * Times every outbound HTTP call to a vendor: {@code hub.vendor.calls{system,outcome}}, a Timer whose
 * histogram is switched on in application.yaml. Camel tells it when a send completed (ExchangeSentEvent);
 * the system is the delivery's target, or the system of the route that made the call. Every other event
 * is ignored before Camel builds it, so the only cost is two small event objects per send.
 */
@Component
public class VendorCallTimer extends EventNotifierSupport implements CamelContextConfiguration {

    private final MeterRegistry meters;
    private final SystemActivity activity;
    /** Route id → the system it works for (or none): routes are few and fixed, looked up once each. */
    private final Map<String, Optional<String>> systemOfRoute = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public VendorCallTimer(MeterRegistry meters, SystemActivity activity) {
        this.meters = meters;
        this.activity = activity;
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        // Camel times a send only when a notifier took its "sending" event, so those are accepted (and dropped)
        setIgnoreExchangeSendingEvents(false);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
        setIgnoreExchangeSentEvents(false);
    }

    /** Registers itself with Camel before the routes start. */
    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        if (!camelContext.getManagementStrategy().getEventNotifiers().contains(this)) {
            camelContext.getManagementStrategy().addEventNotifier(this);
        }
        // Camel only notifies started notifiers
        ServiceHelper.startService(this);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing to do once started
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSendingEvent || event instanceof ExchangeSentEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof ExchangeSentEvent sent)) {
            return;
        }
        String uri = sent.getEndpoint().getEndpointUri();
        if (!uri.startsWith("http")) {
            return;
        }
        Exchange exchange = sent.getExchange();
        // a delivery names its target; a poll is known by its route
        String target = ErrorPolicy.targetOf(exchange);
        Optional<String> system = target != null ? Optional.of(target) : systemOfRoute.computeIfAbsent(
                String.valueOf(exchange.getFromRouteId()),
                routeId -> Optional.ofNullable(SystemRoutes.systemOf(exchange.getContext(), exchange.getFromRouteId())));
        system.ifPresent(name -> {
            String outcome = exchange.isFailed() ? "failure" : "success";
            if (target == null) {
                // a poll: deliveries report their own outcome (with retries and dead letters) to the activity
                activity.polled(name, exchange.isFailed()
                        ? java.util.Objects.requireNonNullElse(ErrorPolicy.vendorError(exchange.getException()), "call failed") : null);
            }
            timers.computeIfAbsent(name + '|' + outcome, key -> Timer.builder("hub.vendor.calls")
                    .description("Outbound HTTP calls to vendor systems")
                    .tag("system", name).tag("outcome", outcome).register(meters))
                    .record(sent.getTimeTaken(), TimeUnit.MILLISECONDS);
        });
    }
}
