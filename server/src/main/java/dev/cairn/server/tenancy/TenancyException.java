package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import java.util.List;

/**
 * A control-plane request that cannot be done, with a {@link Kind} the API maps to an HTTP status,
 * a short stable title, a detail message naming the problem and what to do, and optional items
 * (schema errors, breaking changes) listed one per entry.
 */
public final class TenancyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, in the terms of the HTTP status it maps to. */
  public enum Kind {
    /** Bad input: 400/422. */
    INVALID,
    /** No such thing visible to the caller (including other tenants' things): 404. */
    NOT_FOUND,
    /** The caller is a member but their role does not allow this: 403. */
    FORBIDDEN,
    /** The request conflicts with the current state: 409. */
    CONFLICT,
    /** An external system (Keycloak) failed; nothing was left half-made: 502. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final String title;
  private final transient List<String> items;

  public TenancyException(Kind kind, String title, String detail) {
    this(kind, title, detail, List.of(), null);
  }

  public TenancyException(Kind kind, String title, String detail, List<String> items) {
    this(kind, title, detail, items, null);
  }

  public TenancyException(
      Kind kind, String title, String detail, List<String> items, Throwable cause) {
    super(detail, cause);
    this.kind = kind;
    this.title = title;
    this.items = List.copyOf(items);
  }

  public Kind kind() {
    return kind;
  }

  public String title() {
    return title;
  }

  public List<String> items() {
    return items;
  }

  static TenancyException notFound(TenantId tenant) {
    return new TenancyException(
        Kind.NOT_FOUND,
        "Tenant not found",
        "there is no tenant `"
            + tenant
            + "` that you are a member of; list yours with GET /api/admin/tenants");
  }

  static TenancyException invalid(String detail) {
    return new TenancyException(Kind.INVALID, "Invalid request", detail);
  }
}
