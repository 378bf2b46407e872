package org.loyaltyhub.formats;

import com.fasterxml.jackson.core.StreamReadConstraints;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The hub's JSON reader refuses bodies nested deeper than {@link BodyFormat#MAX_NESTING_DEPTH} (a body that does not parse: 400). */
@Configuration(proxyBeanMethods = false)
public class FormatsConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer boundedNesting() {
        return builder -> builder.postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(BodyFormat.MAX_NESTING_DEPTH).build()));
    }
}
