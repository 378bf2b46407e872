package org.loyaltyhub.ops;

import java.util.List;
import java.util.Map;
import org.loyaltyhub.reliability.DeadLetter;
import org.loyaltyhub.reliability.DeadLetterReplayer;
import org.loyaltyhub.reliability.DeadLetterStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Dead letters for operators: list, inspect, replay (one, by system, all) and discard. */
@RestController
@RequestMapping("/ops/api/dead-letters")
public class DeadLetterController {

    private final DeadLetterStore store;
    private final DeadLetterReplayer replayer;

    private final SystemRoutes systemRoutes;

    public DeadLetterController(DeadLetterStore store, DeadLetterReplayer replayer, SystemRoutes systemRoutes) {
        this.systemRoutes = systemRoutes;
        this.store = store;
        this.replayer = replayer;
    }

    /** A page of dead letters, newest first; by default the ones waiting for an operator. */
    @GetMapping
    public Map<String, Object> list(@RequestParam(required = false) String system,
            @RequestParam(defaultValue = "waiting") String status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page must be >= 0 and size between 1 and 500");
        }
        String statusFilter = "all".equals(status) ? null : status;
        List<DeadLetter> items = store.list(system, statusFilter, page, size);
        return Map.of("items", items, "page", page, "size", size, "total", store.count(system, statusFilter));
    }

    @GetMapping("/{id}")
    public DeadLetter get(@PathVariable long id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    @PostMapping("/{id}/replay")
    public ResponseEntity<Map<String, Object>> replay(@PathVariable long id) {
        DeadLetter letter = store.find(id).orElseThrow(() -> notFound(id));
        if (systemRoutes.isSuspended(letter.target())) {
            throw suspended(letter.target());
        }
        return switch (replayer.replay(id)) {
            case SENT -> ResponseEntity.accepted().body(Map.of("id", id, "status", "replaying"));
            case NOT_FOUND -> throw notFound(id);
            case NOT_WAITING -> throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "Dead letter " + id + " is not waiting (already replayed, delivered or discarded)");
            case NO_ROUTE -> throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "Dead letter " + id + " has no delivery route any more; it stays in the queue");
            case FAILED -> throw new ResponseStatusException(HttpStatus.BAD_GATEWAY,
                    "Dead letter " + id + " could not be handed to its delivery route; it is back in the queue with the error");
        };
    }

    @PostMapping("/replay")
    public ResponseEntity<Map<String, Object>> replayAll(@RequestParam(required = false) String system) {
        if (system != null && systemRoutes.isSuspended(system)) {
            throw suspended(system);
        }
        // all systems: a suspended one keeps its dead letters until it is resumed
        int sent = replayer.replayAll(system, systemRoutes.suspended());
        return ResponseEntity.accepted().body(Map.of("system", system == null ? "all" : system, "replayed", sent));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> discard(@PathVariable long id) {
        if (store.find(id).isEmpty()) {
            throw notFound(id);
        }
        if (!store.discard(id)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Dead letter " + id + " is already delivered or discarded");
        }
        return ResponseEntity.noContent().build();
    }

    private static ResponseStatusException suspended(String system) {
        return new ResponseStatusException(HttpStatus.CONFLICT,
                "System " + system + " is suspended: resume it before replaying its dead letters");
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No dead letter " + id);
    }
}
