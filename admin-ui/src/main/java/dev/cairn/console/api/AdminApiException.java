package dev.cairn.console.api;

import java.util.List;

/**
 * The admin API refused a request: its HTTP status and the problem document's title, detail (which
 * names the problem and what to do) and items (schema errors, breaking changes).
 */
public final class AdminApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final transient List<String> errors;

  public AdminApiException(int status, String title, String detail, List<String> errors) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The problem's {@code errors} items, one per entry; empty when there are none. */
  public List<String> errors() {
    return errors;
  }

  /** Whether the server refused because the request conflicts with the current state (409). */
  public boolean isConflict() {
    return status == 409;
  }
}
