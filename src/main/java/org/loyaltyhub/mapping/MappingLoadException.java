package org.loyaltyhub.mapping;

import java.util.List;
import java.util.stream.Collectors;

/** One or more mapping files do not compile; every one is named with its position. */
public class MappingLoadException extends RuntimeException {

    private final List<MappingSyntaxException> problems;

    public MappingLoadException(List<MappingSyntaxException> problems) {
        super("Mappings do not compile:\n  " + problems.stream().map(Throwable::getMessage).collect(Collectors.joining("\n  ")),
                problems.get(0));
        this.problems = List.copyOf(problems);
    }

    public List<MappingSyntaxException> problems() {
        return problems;
    }
}
