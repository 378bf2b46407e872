package org.loyaltyhub.ops;

import java.util.List;
import java.util.Set;
import org.loyaltyhub.store.FieldConflicts;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Changes a field rule refused and counter merges that corrected a system's figure (behind the operator login),
 * newest first; card numbers masked.
 */
@RestController
@RequestMapping("/ops/api/field-conflicts")
public class FieldConflictsController {

    private static final Set<String> KINDS = Set.of("not-owner", "not-a-counter-source", "older-change", "counter-merged");

    private final FieldConflicts conflicts;

    public FieldConflictsController(FieldConflicts conflicts) {
        this.conflicts = conflicts;
    }

    @GetMapping
    public List<FieldConflicts.Listed> list(@RequestParam(required = false) String system, @RequestParam(required = false) String kind,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (kind != null && !KINDS.contains(kind)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "kind must be one of " + new java.util.TreeSet<>(KINDS));
        }
        if (page < 0 || size < 1 || size > 500) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page must be 0 or more and size between 1 and 500");
        }
        return conflicts.list(system, kind, page, size);
    }
}
