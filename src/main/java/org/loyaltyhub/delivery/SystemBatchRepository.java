package org.loyaltyhub.delivery;

import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.loyaltyhub.reliability.ErrorPolicy;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The persistent aggregation repository of one system's batches. Batches of every system share the
 * {@code delivery_batch} tables; each system's aggregator sees only its own keys ({@code <system>-...})
 * and recovers only its own completed batches after a crash. (Camel 4.17's PostgresAggregationRepository
 * binds a version its INSERT has no column for, so the generic JDBC repository is used; each system's
 * batches are added by one consumer thread, so its optimistic version check is enough.)
 */
public class SystemBatchRepository extends JdbcAggregationRepository {

    private final String system;

    public SystemBatchRepository(String system, PlatformTransactionManager transactions, DataSource dataSource) {
        super(transactions, "delivery_batch", dataSource);
        this.system = system;
        setUseRecovery(true);
        setRecoveryInterval(5_000);
        // batches are lists of string maps in Camel's exchange holder: nothing else may be deserialised
        setDeserializationFilter("java.**;org.apache.camel.**;!*");
    }

    @Override
    public Set<String> getKeys() {
        return super.getKeys().stream().filter(key -> key.startsWith(system + "-")).collect(Collectors.toSet());
    }

    @Override
    public Set<String> scan(CamelContext camelContext) {
        return super.scan(camelContext).stream().filter(exchangeId -> {
            Exchange batch = recover(camelContext, exchangeId);
            return batch != null && system.equals(batch.getMessage().getHeader(ErrorPolicy.TARGET, String.class));
        }).collect(Collectors.toSet());
    }
}
