package org.loyaltyhub.polling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.Map;
import org.apache.camel.Exchange;
import org.loyaltyhub.delivery.UnconfirmedCreates;
import org.loyaltyhub.mapping.MappingEngine;
import org.loyaltyhub.store.CanonicalStore;
import org.loyaltyhub.systems.SystemRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code http-poll-source} route template: start a poll, write each page's request, stream
 * the page's new items to the intake, decide the next page ({@link PollState}), and settle what the complete
 * list showed. The state lives in the exchange, so nothing outlives the poll.
 */
@Component("pollPages")
public class PollPages {

    /** Exchange property holding the poll's {@link PollState}. */
    static final String STATE = "hubPoll";
    /** Exchange property the route's loop reads: whether another page is to be read. */
    static final String MORE = "hubPollMore";

    private static final Logger LOG = LoggerFactory.getLogger(PollPages.class);

    private final SystemRegistry systems;
    private final MappingEngine mappings;
    private final UnconfirmedCreates unconfirmedCreates;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final HeldDeletions heldDeletions;
    private final CanonicalStore store;

    public PollPages(SystemRegistry systems, MappingEngine mappings, UnconfirmedCreates unconfirmedCreates,
            JdbcTemplate jdbc, ObjectMapper json, HeldDeletions heldDeletions, CanonicalStore store) {
        this.systems = systems;
        this.mappings = mappings;
        this.heldDeletions = heldDeletions;
        this.store = store;
        this.unconfirmedCreates = unconfirmedCreates;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A new poll from the first page; its start is the database's clock, which every hub instance shares. */
    public void start(String system, String entity, String itemKey, boolean detectDeletes, Exchange exchange) {
        int limit = systems.get(system).polling().pageLimit();
        if (itemKey != null && !itemKey.isBlank() && limit < 2) {
            throw new IllegalArgumentException(system + " page-limit must be at least 2 when pages overlap by one item");
        }
        OffsetDateTime started = jdbc.queryForObject("SELECT now()", OffsetDateTime.class);
        exchange.setProperty(STATE, new PollState(system, entity, itemKey, detectDeletes, limit, started));
        exchange.setProperty(MORE, true);
    }

    /** The next page's call: its body from the page request mapping (none without one), and nothing of the last answer. */
    public void request(String pageRequestMapping, String method, Exchange exchange) {
        PollState poll = state(exchange);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, method);
        if (pageRequestMapping == null || pageRequestMapping.isBlank()) {
            // the whole list in one answer
            poll.wholeList();
            exchange.getMessage().setBody(null);
            return;
        }
        JsonNode request = mappings.apply(pageRequestMapping,
                Map.of("offset", poll.offset, "limit", poll.limit, "page", poll.page), Map.of());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(request.toString());
    }

    /**
     * The items of the answer that this poll has not taken yet, one JSON text each, read as they are consumed, in
     * chunks of hub.systems.<system>.intake-batch for the intake.
     */
    public Iterator<java.util.List<String>> items(String itemsPath, String totalPath, Exchange exchange) {
        PollState poll = state(exchange);
        InputStream body = exchange.getMessage().getBody(InputStream.class);
        if (body == null) {
            body = InputStream.nullInputStream();
        }
        return PollState.chunks(poll.page(new JsonItems(body, json, itemsPath, totalPath)), systems.get(poll.system).polling().intakeBatch());
    }

    /** After the page's items went to the intake: where the next page starts, or that the list is done. */
    public void pageDone(Exchange exchange) {
        PollState poll = state(exchange);
        poll.pageRead();
        exchange.setProperty(MORE, poll.more);
    }

    /**
     * The whole list was read: what this system sent before and no longer lists is deleted there (with
     * detectDeletes), and creates marked before the poll started are settled. A list of nothing from a system the
     * hub holds entities of settles no create: a vendor (or a proxy) answering {@code []} by mistake would otherwise
     * make every unconfirmed create look as if it never arrived, and send it again.
     */
    public void completed(Exchange exchange) {
        PollState poll = state(exchange);
        if (poll.detectDeletes) {
            heldDeletions.settle(poll.system, poll.entity, poll.seen, poll.started);
        }
        if (poll.listed == 0 && store.knownFrom(poll.system, poll.entity) > 0) {
            LOG.warn("{} listed no {} although the hub holds some from it: unconfirmed creates wait for a poll that lists",
                    poll.system, poll.entity);
            return;
        }
        unconfirmedCreates.pollCompleted(poll.system, poll.entity, poll.started);
    }

    private static PollState state(Exchange exchange) {
        return exchange.getProperty(STATE, PollState.class);
    }

    /** When the poll whose items the exchange carries started; null outside a poll (a webhook, a replay). */
    public static java.time.OffsetDateTime startedOf(Exchange exchange) {
        PollState poll = exchange.getProperty(STATE, PollState.class);
        return poll == null ? null : poll.started;
    }
}
