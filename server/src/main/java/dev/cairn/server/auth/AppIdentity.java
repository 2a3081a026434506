package dev.cairn.server.auth;

import dev.cairn.server.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sent an app request (GraphQL over HTTP or realtime), as proven by {@link AppAuthenticator}.
 * Always bound to exactly one tenant: the one whose issuer or API key proved it.
 *
 * @param tenant the tenant whose trusted issuer signed the token, or who owns the API key
 * @param kind a user token or an API key; API keys satisfy {@code allow: public} rules only
 * @param subject the token's {@code sub}; for an API key {@code apikey:<key id>}
 * @param identityClaim the claim the issuer's configuration names as the owner identity (e.g.
 *     {@code sub}); what owner rules use when they name no {@code identityClaim} of their own.
 *     Empty for API keys
 * @param claims the verified token's claims (strings, numbers, booleans, lists, maps); empty for
 *     API keys
 * @param groups the groups from the claim the issuer's configuration names ({@code groups} by
 *     default); empty for API keys
 */
public record AppIdentity(
    TenantId tenant,
    Kind kind,
    String subject,
    String identityClaim,
    Map<String, Object> claims,
    List<String> groups) {

  /** How the caller authenticated. */
  public enum Kind {
    /** A JWT of one of the tenant's trusted OIDC issuers. */
    USER_TOKEN,
    /** One of the tenant's API keys ({@code x-api-key}). */
    API_KEY
  }

  public AppIdentity {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    identityClaim = identityClaim == null ? "" : identityClaim;
    claims = Map.copyOf(claims);
    groups = List.copyOf(groups);
  }

  /** An API key caller of {@code tenant}. */
  public static AppIdentity apiKey(TenantId tenant, String keyId) {
    return new AppIdentity(tenant, Kind.API_KEY, "apikey:" + keyId, "", Map.of(), List.of());
  }

  public boolean isApiKey() {
    return kind == Kind.API_KEY;
  }

  /**
   * The string value of claim {@code name}: a string as is, a number or boolean as its text; empty
   * when the claim is missing, null or structured.
   */
  public Optional<String> stringClaim(String name) {
    Object value = claims.get(name);
    if (value instanceof String s) {
      return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return Optional.of(value.toString());
    }
    return Optional.empty();
  }

  /**
   * The values of claim {@code name} as a list of strings: a list claim's string elements, a single
   * string as a one-element list (some issuers send one group as a string), else empty.
   */
  public List<String> stringListClaim(String name) {
    Object value = claims.get(name);
    if (value instanceof List<?> list) {
      return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return stringClaim(name).map(List::of).orElse(List.of());
  }

  @Override
  public String toString() {
    return "AppIdentity[" + tenant + " " + kind + " " + subject + "]";
  }
}
