package org.loyaltyhub.support;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.util.function.ThrowingConsumer;
import org.loyaltyhub.events.CloudEvent;

/**
 * AdviceWith for the route tests ({@link HubRouteTest}): each route is advised once per context (the advice stays),
 * and the mock endpoint that replaced a vendor is reset for every test, which then scripts what the "vendor" answers.
 */
public final class RouteAdvice {

    private RouteAdvice() {
    }

    /**
     * The route's vendor call (its one {@code to}, the HTTP endpoint on the system's base-url) replaced by the mock
     * endpoint {@code mock:vendor-<routeId>}, which the caller scripts ({@link #answer}, {@link #fail}); reset.
     */
    public static MockEndpoint vendorOf(CamelContext context, String routeId) throws Exception {
        String mock = "mock:vendor-" + routeId;
        // the last: a bulk delivery that reads its cards first calls the vendor before (readsOf)
        adviseOnce(context, routeId, "vendor", route -> route.weaveByType(ToDefinition.class).selectLast().replace().to(mock));
        return reset(context, mock);
    }

    /** The prefix of {@link #readsOf}'s mock endpoint, before the route's id. */
    public static final String READS = "mock:reads-";

    /**
     * The reads of a bulk delivery that reads each card before it writes ({@code readPath}: the route's first {@code to})
     * replaced by the mock endpoint {@code mock:reads-<routeId>}; reset. A route advised again afterwards
     * ({@link #vendorOf}) makes its endpoints anew: take the mock after the last advice ({@link #reset}).
     */
    public static MockEndpoint readsOf(CamelContext context, String routeId) throws Exception {
        String mock = READS + routeId;
        adviseOnce(context, routeId, "reads", route -> route.weaveByType(ToDefinition.class).selectFirst().replace().to(mock));
        return reset(context, mock);
    }

    /**
     * A poll route ({@code http-poll-source}) that polls when a test says so: its timer is replaced by
     * {@link #pollNow} (a send there returns when the poll is done: its list read, taken in and settled), and its
     * list call (the route's first {@code to}; the second hands each item to the intake) by the mock endpoint
     * {@code mock:vendor-<routeId>}, which the caller scripts with the list the "vendor" holds; reset.
     */
    public static MockEndpoint pollOnDemand(CamelContext context, String routeId) throws Exception {
        String mock = "mock:vendor-" + routeId;
        adviseOnce(context, routeId, "on-demand", route -> {
            route.replaceFromWith(pollNow(routeId));
            route.weaveByType(ToDefinition.class).selectFirst().replace().to(mock);
        });
        return reset(context, mock);
    }

    /** Where a test sends to run a poll advised by {@link #pollOnDemand}. */
    public static String pollNow(String routeId) {
        return "direct:" + routeId + "-now";
    }

    /** Advises a route once in this context; later calls (other tests, other classes) find it advised. */
    public static synchronized void adviseOnce(CamelContext context, String routeId, String what,
            ThrowingConsumer<AdviceWithRouteBuilder, Exception> advice) throws Exception {
        String marker = "hub.tests.advised." + routeId + "." + what;
        if (context.getRegistry().lookupByName(marker) == null) {
            AdviceWith.adviceWith(context, routeId, advice);
            context.getRegistry().bind(marker, Boolean.TRUE);
        }
    }

    /** The mock endpoint, its expectations, received exchanges and scripted answers cleared. */
    public static MockEndpoint reset(CamelContext context, String uri) {
        MockEndpoint mock = context.getEndpoint(uri, MockEndpoint.class);
        mock.reset();
        return mock;
    }

    /** A vendor's successful answer: the status, a body of that content type, as the HTTP endpoint leaves them. */
    public static Processor answer(int status, String contentType, String body) {
        return exchange -> {
            exchange.getMessage().removeHeaders("*", "hub*");
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
            exchange.getMessage().setBody(body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        };
    }

    /** A vendor's error answer, as the HTTP endpoint throws it. */
    public static Processor fail(int status) {
        return exchange -> {
            throw new HttpOperationFailedException("http://vendor.test/", status, "status " + status, null, new HashMap<>(),
                    "{\"error\":\"status " + status + "\"}");
        };
    }

    /** A failure of the call itself (no answer, no connection), as the HTTP endpoint throws it. */
    public static Processor fail(Exception failure) {
        return exchange -> {
            throw failure;
        };
    }

    /** The CloudEvent headers of an event as the dispatch consumer hands it to a sink (strings, not Kafka's bytes). */
    public static Map<String, Object> eventHeaders(String system, String entity, String verb, String subject) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(CloudEvent.HEADER_SPECVERSION, CloudEvent.SPEC_VERSION);
        headers.put(CloudEvent.HEADER_ID, UUID.randomUUID().toString());
        headers.put(CloudEvent.HEADER_SOURCE, CloudEvent.SOURCE_PREFIX + system);
        headers.put(CloudEvent.HEADER_TYPE, CloudEvent.TYPE_PREFIX + entity + "." + verb);
        headers.put(CloudEvent.HEADER_SUBJECT, subject);
        headers.put(CloudEvent.HEADER_TIME, java.time.OffsetDateTime.now().toString());
        return headers;
    }
}
