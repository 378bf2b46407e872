package org.loyaltyhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which routes a route file declares, and which files a reload can take. */
class ConfigurationReloadTests {

    @Test
    void routesAndTemplatedRoutesAreNamedByTheirIds() {
        List<String> problems = new ArrayList<>();
        List<String> ids = ConfigurationReload.routeIds("crm.camel.yaml", """
                - templatedRoute:
                    routeTemplateRef: dispatch
                    routeId: dispatch-crm
                - route:
                    id: crm-extra
                    from:
                      uri: direct:crm-extra
                """, problems);
        assertThat(problems).isEmpty();
        assertThat(ids).containsExactly("dispatch-crm", "crm-extra");
    }

    @Test
    void restEntriesAndRoutesWithoutAnIdCannotBeReloaded() {
        List<String> problems = new ArrayList<>();
        ConfigurationReload.routeIds("spi.camel.yaml", """
                - rest:
                    path: /spi
                - route:
                    from:
                      uri: direct:nameless
                """, problems);
        assertThat(problems).containsExactly(
                "routes/spi.camel.yaml:1: a changed 'rest' cannot be reloaded (only route and templatedRoute); restart the hub",
                "routes/spi.camel.yaml:3: a route needs 'id' to be reloaded");
    }
}
