package org.loyaltyhub.reliability;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which events were delivered to which target, so a redelivered Kafka record or a replay of a batch
 * never applies twice. Kept in Camel's idempotent-repository table ({@code camel_messageprocessed},
 * processor {@code delivery}, key {@code <target>:<event id>}).
 */
@Component("deliveryLog")
public class DeliveryLog {

    static final String PROCESSOR = "delivery";

    private final NamedParameterJdbcTemplate jdbc;

    public DeliveryLog(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public static String key(String target, String eventId) {
        return target + ":" + eventId;
    }

    /** The subset of these events already delivered to the target. */
    public Set<String> delivered(String target, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        List<String> keys = eventIds.stream().map(id -> key(target, id)).toList();
        List<String> found = jdbc.queryForList("""
                SELECT messageid FROM camel_messageprocessed WHERE processorname = :processor AND messageid IN (:keys)
                """, new MapSqlParameterSource("processor", PROCESSOR).addValue("keys", keys), String.class);
        Set<String> ids = new HashSet<>();
        String prefix = target + ":";
        for (String key : found) {
            ids.add(key.substring(prefix.length()));
        }
        return ids;
    }

    public void recordDelivered(String target, Collection<String> eventIds) {
        MapSqlParameterSource[] rows = eventIds.stream()
                .map(id -> new MapSqlParameterSource("processor", PROCESSOR).addValue("key", key(target, id)))
                .toArray(MapSqlParameterSource[]::new);
        jdbc.batchUpdate("""
                INSERT INTO camel_messageprocessed (processorname, messageid, createdat) VALUES (:processor, :key, now())
                ON CONFLICT DO NOTHING
                """, rows);
    }
}
