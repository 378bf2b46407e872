package org.loyaltyhub.mapping;

/** A mapping file does not compile; the message names file, line and column. */
public class MappingSyntaxException extends RuntimeException {

    private final String file;
    private final int line;
    private final int column;

    public MappingSyntaxException(String file, int line, int column, String message, Throwable cause) {
        super(file + ":" + line + ":" + column + ": " + message, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
