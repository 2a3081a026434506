package dev.cairn.server.data;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tenant's slug ({@code acme}), the value every data-plane call below the API layer takes
 * explicitly. Valid slugs match {@code [a-z][a-z0-9-]{1,39}} (the format of {@code tenant.yaml}).
 * Immutable.
 */
public record TenantId(String slug) {
  private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9-]{1,39}");

  /**
   * @throws IllegalArgumentException naming the slug when it is not a valid tenant slug
   */
  public TenantId {
    Objects.requireNonNull(slug, "slug");
    if (!SLUG.matcher(slug).matches()) {
      throw new IllegalArgumentException(
          "tenant `"
              + slug
              + "` is not a valid tenant slug; use 2-40 of a-z, 0-9 and '-', starting with a letter");
    }
  }

  public static TenantId of(String slug) {
    return new TenantId(slug);
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
