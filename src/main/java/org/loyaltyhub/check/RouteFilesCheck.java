package org.loyaltyhub.check;

import java.nio.file.Path;
import java.util.List;
import org.loyaltyhub.canonical.CanonicalSchemas;
import org.loyaltyhub.mapping.MappingEngine;
import org.loyaltyhub.operations.OperationTables;
import org.loyaltyhub.systems.SystemRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * At start-up, before Camel loads a route: the templates are documented and use what they declare, and every
 * templated route gives its template's parameters, and only those, with values the template accepts
 * ({@link TemplateCheck}).
 */
@Component
class RouteFilesCheck {

    RouteFilesCheck(@Value("${hub.routes.dir}") Path routes, SystemRegistry systems, CanonicalSchemas schemas, MappingEngine mappings,
            OperationTables tables, Environment environment) {
        List<String> problems = TemplateCheck.check(routes, new TemplateCheck.Known(systems.names(), schemas.entities(),
                mappings.all().keySet(), tables.ids(), environment::getProperty));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Route files do not match the route templates:\n  " + String.join("\n  ", problems));
        }
    }
}
