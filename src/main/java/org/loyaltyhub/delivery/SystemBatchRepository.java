package org.loyaltyhub.delivery;

import org.loyaltyhub.exchange.DeliveryItem;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.loyaltyhub.cluster.HubInstance;
import org.loyaltyhub.cluster.LeaderLock;
import org.loyaltyhub.reliability.ErrorPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The persistent aggregation repository of one system's batches. Batches of every system share the
 * {@code delivery_batch} tables; each instance collects its own ({@code <system>-<operation>-<instance>}, so two
 * hubs never write one batch) and recovers only its own completed batches. Batches of an instance that is gone
 * (killed mid-delivery, or stopped with a batch still collecting) are taken over by exactly one instance, the
 * leader of {@code <system>-batch-recovery}: a collecting one is completed there, a completed one sent again
 * through the same delivery as any recovered batch. (Camel 4.17's PostgresAggregationRepository binds a version
 * its INSERT has no column for, so the generic JDBC repository is used.)
 */
public class SystemBatchRepository extends JdbcAggregationRepository {

    private static final Logger log = LoggerFactory.getLogger(SystemBatchRepository.class);

    private final String system;
    private final HubInstance instance;
    private final LeaderLock leaderLock;

    public SystemBatchRepository(String system, HubInstance instance, LeaderLock leaderLock,
            PlatformTransactionManager transactions, DataSource dataSource) {
        super(transactions, "delivery_batch", dataSource);
        this.system = system;
        this.instance = instance;
        this.leaderLock = leaderLock;
        setUseRecovery(true);
        setRecoveryInterval(5_000);
        // batches are lists of string maps in Camel's exchange holder: nothing else may be deserialised
        setDeserializationFilter("java.**;org.apache.camel.**;!*");
    }

    /** This instance's collecting batches of the system (their completion timeouts are restored at start). */
    @Override
    public Set<String> getKeys() {
        Set<String> own = new LinkedHashSet<>();
        for (String key : super.getKeys()) {
            if (key.startsWith(system + "-") && key.endsWith("-" + instance.id())) {
                own.add(key);
            }
        }
        return own;
    }

    /**
     * The completed batches to send again: this instance's own, and, on the recovery leader, those of instances
     * that are gone (after completing their collecting batches, so that nothing they had collected waits forever).
     */
    @Override
    public Set<String> scan(CamelContext camelContext) {
        boolean leader = leaderLock.isLeader(system + "-batch-recovery");
        if (leader) {
            completeCollectingBatchesOfGoneInstances(camelContext);
        }
        Set<String> recoverable = new LinkedHashSet<>();
        for (String exchangeId : super.scan(camelContext)) {
            Exchange batch = recover(camelContext, exchangeId);
            if (batch == null || !system.equals(batch.getMessage().getHeader(DeliveryItem.HEADER_TARGET, String.class))) {
                continue;
            }
            String owner = batch.getMessage().getHeader(HubInstance.HEADER, String.class);
            if (instance.id().equals(owner) || leader && instance.isGone(owner)) {
                recoverable.add(exchangeId);
            }
        }
        return recoverable;
    }

    private void completeCollectingBatchesOfGoneInstances(CamelContext camelContext) {
        for (String key : super.getKeys()) {
            if (!key.startsWith(system + "-") || key.endsWith("-" + instance.id())) {
                continue;
            }
            Exchange batch = get(camelContext, key);
            if (batch != null && instance.isGone(batch.getMessage().getHeader(HubInstance.HEADER, String.class))) {
                log.warn("Batch {} of a hub instance that is gone is completed here, to be delivered by this instance", key);
                remove(camelContext, key, batch);
            }
        }
    }
}
