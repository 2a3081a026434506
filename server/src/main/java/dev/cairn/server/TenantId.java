package dev.cairn.server;

/**
 * A tenant's slug ({@code acme}), validated: 2 to 40 characters of lower-case letters, digits and
 * hyphens, starting with a letter and not ending with a hyphen, so that it is safe in URLs, MongoDB
 * database names and Keycloak realm names. Passed explicitly into every control-plane and
 * data-plane call below the API layer; nothing below the API finds the tenant any other way.
 */
public record TenantId(String slug) {

  /**
   * @throws IllegalArgumentException naming the slug and the rule when it is not valid
   */
  public TenantId {
    String problem = problemWith(slug);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  public static TenantId of(String slug) {
    return new TenantId(slug);
  }

  /** Why {@code slug} is not a valid tenant slug, or {@code null} when it is. */
  public static String problemWith(String slug) {
    if (slug == null || slug.isEmpty()) {
      return "a tenant slug is required; use 2-40 characters of a-z, 0-9 and '-', e.g. `acme`";
    }
    if (!isSlug(slug)) {
      return "tenant slug `"
          + slug
          + "` is invalid; use 2-40 characters of a-z, 0-9 and '-', starting with a letter and"
          + " not ending with '-', e.g. `acme` or `acme-2`";
    }
    return null;
  }

  /**
   * {@code [a-z][a-z0-9-]{0,38}[a-z0-9]}, checked without a regular expression: every GraphQL
   * request checks its slug several times, and the regex was a measured share of a request's CPU
   * (issue 18).
   */
  private static boolean isSlug(String s) {
    int n = s.length();
    if (n < 2 || n > 40 || !lower(s.charAt(0)) || s.charAt(n - 1) == '-') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = s.charAt(i);
      if (!lower(c) && !(c >= '0' && c <= '9') && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean lower(char c) {
    return c >= 'a' && c <= 'z';
  }

  /** The MongoDB database that holds this tenant's records: {@code cairn_t_<slug>}. */
  public String databaseName() {
    return "cairn_t_" + slug;
  }

  @Override
  public String toString() {
    return slug;
  }
}
