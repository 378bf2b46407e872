package org.loyaltyhub.support;

import java.time.Duration;
import java.util.Map;
import org.loyaltyhub.systems.SystemSettings;

/** Settings of a system for plain unit tests: the defaults, at a base URL of its own name. */
public final class TestSystems {

    private TestSystems() {
    }

    public static SystemSettings system(String name) {
        return new SystemSettings(name, true, "http://" + name + ".test", Duration.ofSeconds(30), Duration.ofSeconds(2),
                Duration.ofSeconds(10), new SystemSettings.Retry(5, Duration.ofMillis(500), 2.0, Duration.ofSeconds(30)),
                new SystemSettings.Batch(100, Duration.ofSeconds(1)), new SystemSettings.Flow(0, 0, Duration.ofSeconds(30)), Map.of());
    }
}
