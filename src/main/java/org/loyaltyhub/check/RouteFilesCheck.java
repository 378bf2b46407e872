package org.loyaltyhub.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * At start-up, before Camel loads a route: every templated route names only parameters its template
 * declares and gives every one without a default, and the templates use exactly what they declare.
 */
@Component
class RouteFilesCheck {

    RouteFilesCheck(@Value("${hub.routes.dir}") Path routes) throws IOException {
        List<String> problems;
        try (InputStream templates = new ClassPathResource(ConfigCheck.TEMPLATES).getInputStream()) {
            problems = TemplateParameterCheck.check(ConfigCheck.TEMPLATES, templates, routes);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Route files do not match the route templates:\n  " + String.join("\n  ", problems));
        }
    }
}
