package org.loyaltyhub.dispatch;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * After the routes are loaded: every subscription's delivery route exists, and every target has its
 * dispatch consumer. Otherwise events would be consumed and go nowhere, so the hub does not start.
 */
@Component
class SubscriptionRoutesCheck implements ApplicationListener<ApplicationStartedEvent> {

    private final Subscriptions subscriptions;
    private final CamelContext camelContext;

    SubscriptionRoutesCheck(Subscriptions subscriptions, CamelContext camelContext) {
        this.subscriptions = subscriptions;
        this.camelContext = camelContext;
    }

    /** Runs once the routes are loaded; a failure here stops the application (Camel's own hooks only log). */
    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        List<String> inputs = camelContext.getRoutes().stream().map(Route::getEndpoint).map(e -> e.getEndpointUri()).toList();
        if (inputs.isEmpty()) {
            // Camel has not started its routes yet (camel-test's listener starts them with the first test)
            return;
        }
        List<String> problems = new ArrayList<>();
        for (Subscription subscription : subscriptions.all()) {
            boolean delivered = inputs.stream().anyMatch(uri -> uri.equals("direct://" + subscription.deliver())
                    || uri.equals("direct:" + subscription.deliver()));
            if (!delivered) {
                problems.add(subscription.location() + ": delivery route direct:" + subscription.deliver() + " is not declared by any route file");
            }
            if (camelContext.getRoute("dispatch-" + subscription.target()) == null) {
                problems.add(subscription.location() + ": system " + subscription.target()
                        + " has no dispatch consumer (in its route file, routes/" + subscription.target()
                        + ".camel.yaml: a 'dispatch' templatedRoute with routeId dispatch-" + subscription.target() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new SubscriptionException("Subscriptions without routes:\n  " + String.join("\n  ", problems));
        }
    }
}
