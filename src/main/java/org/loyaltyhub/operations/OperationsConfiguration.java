package org.loyaltyhub.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the operation tables from {@code hub.mappings.dir}; their golden examples run with the mappings'. */
@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    /** The operation tables ({@code <system>/<name>.operations.yaml}); any problem stops the start. */
    @Bean
    OperationTables operationTables(@Value("${hub.mappings.dir}") Path mappingsDir) {
        OperationTables tables = OperationTables.load(mappingsDir);
        if (!tables.problems().isEmpty()) {
            throw new IllegalStateException("Operation tables refused:\n  " + String.join("\n  ", tables.problems()));
        }
        return tables;
    }

    /** Plans by the tables; as an example runner, the start-up's golden examples take it. */
    @Bean
    OperationPlanner operationPlanner(OperationTables tables, ObjectMapper json) {
        return new OperationPlanner(tables, json);
    }
}
