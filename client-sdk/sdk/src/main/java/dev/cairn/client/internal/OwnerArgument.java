package dev.cairn.client.internal;

import dev.cairn.client.ModelAuthRule;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a signed-in user's {@code onCreate/onUpdate/onDelete} subscriptions to a model carry an
 * owner argument, and its value — Amplify DataStore's rule ({@code getAuthorizationInfo},
 * APPSYNC.md §4.4): with a user token, for a model whose owner rule names a single-valued owner
 * field and whose subscriptions are not public, the value of the rule's identity claim in the
 * token; none when the token carries a group a static group rule of the model names. Where Amplify
 * would lose records the user may read, the argument is left out: it is sent only when the user's
 * whole read access comes from that one owner rule — not with a {@code private} rule (any signed-in
 * user reads everything), a groups-field rule the user's groups may match, a second owner rule, or
 * a compound claim ({@code sub::username}, which the server also matches by either part). Rules are
 * weighed as the server weighs them: only {@code userPools}/{@code oidc} rules apply to user tokens
 * ({@code public} rules grant API keys only), only rules with {@code read} or {@code listen} count,
 * and Amplify's default claims {@code cognito:username}/{@code cognito:groups} stand for the claims
 * the tenant's issuer names. Stateless.
 */
public record OwnerArgument(String name, String value) {
  static final String AMPLIFY_IDENTITY_CLAIM = "cognito:username";
  static final String AMPLIFY_GROUP_CLAIM = "cognito:groups";

  /** The claims the tenant's trusted issuer names for owner identity and groups. */
  public record IssuerClaims(String identityClaim, String groupsClaim) {
    /** What Cairn's provisioned Keycloak realm is trusted with. */
    public static final IssuerClaims DEFAULT = new IssuerClaims("sub", "groups");
  }

  /**
   * The owner argument for subscriptions to {@code type} by the holder of a token with {@code
   * claims}, if one is sent.
   */
  public static Optional<OwnerArgument> of(
      ModelType<?> type, Map<String, Object> claims, IssuerClaims issuer) {
    if (type.publicSubscriptions() || claims.isEmpty()) {
      return Optional.empty();
    }
    List<OwnerArgument> owners = new ArrayList<>();
    for (ModelAuthRule rule : type.authRules()) {
      if (!rule.listens() || !rule.forUserTokens()) {
        continue;
      }
      switch (rule.allow()) {
        case PUBLIC -> {
          // API keys only on Cairn: a user token is not granted anything by it
        }
        case PRIVATE -> {
          return Optional.empty();
        }
        case GROUPS -> {
          List<String> mine = groups(claims, groupsClaim(rule, issuer));
          boolean grants =
              rule.field().isPresent()
                  ? !mine.isEmpty()
                  : rule.groups().stream().anyMatch(mine::contains);
          if (grants) {
            return Optional.empty();
          }
        }
        case OWNER -> {
          String claim = identityClaim(rule, issuer);
          if (claim.contains("::")) {
            return Optional.empty();
          }
          String field = rule.field().orElse("owner");
          string(claims, claim).ifPresent(v -> owners.add(new OwnerArgument(field, v)));
        }
      }
    }
    if (owners.size() != 1) {
      return Optional.empty();
    }
    OwnerArgument owner = owners.get(0);
    boolean listField = type.field(owner.name()).map(ModelField::list).orElse(false);
    return listField ? Optional.empty() : Optional.of(owner);
  }

  private static String identityClaim(ModelAuthRule rule, IssuerClaims issuer) {
    String claim = rule.claim().orElse(AMPLIFY_IDENTITY_CLAIM);
    return claim.equals(AMPLIFY_IDENTITY_CLAIM) ? issuer.identityClaim() : claim;
  }

  private static String groupsClaim(ModelAuthRule rule, IssuerClaims issuer) {
    String claim = rule.claim().orElse(AMPLIFY_GROUP_CLAIM);
    return claim.equals(AMPLIFY_GROUP_CLAIM) ? issuer.groupsClaim() : claim;
  }

  /** A claim as the server reads it: a non-empty string, or a number or boolean as text. */
  private static Optional<String> string(Map<String, Object> claims, String name) {
    Object value = claims.get(name);
    if (value instanceof String s) {
      return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return Optional.of(value.toString());
    }
    return Optional.empty();
  }

  private static List<String> groups(Map<String, Object> claims, String name) {
    Object value = claims.get(name);
    if (value instanceof List<?> list) {
      return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return string(claims, name).map(List::of).orElse(List.of());
  }
}
