package dev.cairn.spec;

/**
 * A problem in a tenant schema, at a 1-based line and column of {@code file}. {@link #toString()}
 * gives the {@code file:line:col: message} form printed by the CLI.
 */
public record SchemaError(String file, int line, int column, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
