package org.loyaltyhub.ops;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /ops/api/reload}: loads changed routes, mappings and subscriptions without a restart
 * ({@link ConfigurationReload}). 200 with what was reloaded, or 422 problem+json listing every problem
 * (each naming file and line) when the running configuration was left as it was.
 */
@RestController
@RequestMapping("/ops/api")
public class ReloadController {

    private final ConfigurationReload reload;

    public ReloadController(ConfigurationReload reload) {
        this.reload = reload;
    }

    @PostMapping("/reload")
    public ResponseEntity<?> reload() {
        ConfigurationReload.Outcome outcome = reload.reload();
        if (!outcome.applied()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
                    outcome.problems().size() + " problem(s); the running configuration was not changed");
            problem.setTitle("Configuration not reloaded");
            problem.setInstance(URI.create("/ops/api/reload"));
            problem.setProperty("problems", outcome.problems());
            return ResponseEntity.unprocessableEntity().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("routes", outcome.routes());
        answer.put("removed", outcome.removed());
        answer.put("mappings", outcome.mappings());
        answer.put("subscriptions", outcome.subscriptions());
        return ResponseEntity.ok(answer);
    }
}
