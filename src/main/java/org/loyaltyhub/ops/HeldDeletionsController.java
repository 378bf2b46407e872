package org.loyaltyhub.ops;

import java.util.List;
import java.util.Map;
import org.loyaltyhub.polling.HeldDeletions;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Deletions a poll found and the deletion guard held (behind the operator login): list, approve, reject. */
@RestController
@RequestMapping("/ops/api/held-deletions")
public class HeldDeletionsController {

    private final HeldDeletions held;

    public HeldDeletionsController(HeldDeletions held) {
        this.held = held;
    }

    /** Newest first; by default the open ones ({@code status=held}), {@code status=all} for every one. */
    @GetMapping
    public List<Map<String, Object>> list(@RequestParam(defaultValue = "held") String status) {
        return held.list(status.equals("all") ? null : status).stream().map(HeldDeletions::summary).toList();
    }

    @GetMapping("/{id}")
    public HeldDeletions.Hold get(@PathVariable long id) {
        return held.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No held deletions with this id"));
    }

    @PostMapping("/{id}/approve")
    public Map<String, Object> approve(@PathVariable long id) {
        return held.approve(id).map(HeldDeletions::summary)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT, "No open held deletions with this id"));
    }

    @PostMapping("/{id}/reject")
    public Map<String, Object> reject(@PathVariable long id) {
        return held.reject(id).map(HeldDeletions::summary)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT, "No open held deletions with this id"));
    }
}
