package dev.cairn.server.auth;

import dev.cairn.spec.AuthProvider;
import dev.cairn.spec.AuthRule;
import dev.cairn.spec.AuthStrategy;
import dev.cairn.spec.Field;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates {@code @auth} rules for one caller, following Amplify's transformer v2: a rule applies
 * only to callers of its provider ({@code apiKey} public rules to API keys; {@code
 * userPools}/{@code oidc} private, owner and group rules to user tokens; {@code iam} to nobody, as
 * Cairn has no IAM) and only for its operations ({@code read} = get, list, sync, listen, search).
 *
 * <p>Claims: a rule that names no {@code identityClaim} (the parser fills in Amplify's {@value
 * #AMPLIFY_IDENTITY_CLAIM}) uses the claim the tenant's issuer configuration names as the owner
 * identity ({@code sub} by default); likewise an unnamed {@code groupClaim} ({@value
 * #AMPLIFY_GROUP_CLAIM}) uses the issuer's groups claim. An explicit claim is read from the token.
 * A claim written {@code a::b} (Amplify's {@code sub::username} style) stores {@code <a>::<b>} on
 * create and accepts {@code <a>::<b>}, {@code <a>} or {@code <b>} as the caller, as Amplify does.
 * Stateless and thread-safe.
 */
final class RuleGrants {
  static final String AMPLIFY_IDENTITY_CLAIM = "cognito:username";
  static final String AMPLIFY_GROUP_CLAIM = "cognito:groups";
  private static final String CLAIM_SEPARATOR = "::";

  private final Model model;
  private final AppIdentity identity;

  RuleGrants(Model model, AppIdentity identity) {
    this.model = model;
    this.identity = identity;
  }

  /** What each of {@code rules} grants for {@code operation}; the grants are OR-ed. */
  List<Grant> grants(List<AuthRule> rules, ModelOperation operation) {
    List<Grant> grants = new ArrayList<>();
    for (AuthRule rule : rules) {
      Grant g = grant(rule, operation);
      if (!(g instanceof Grant.None)) {
        grants.add(g);
      }
    }
    return grants;
  }

  Grant grant(AuthRule rule, ModelOperation operation) {
    if (!rule.allows(operation) || !providerMatches(rule)) {
      return Grant.NONE;
    }
    return switch (rule.allow()) {
      case PUBLIC, PRIVATE -> Grant.ALL;
      case OWNER -> {
        String field = rule.ownerField().orElse("owner");
        List<String> values = ownerValues(rule);
        yield values.isEmpty() ? Grant.NONE : new Grant.FieldMatch(field, isList(field), values);
      }
      case GROUPS -> {
        List<String> callerGroups = groups(rule);
        if (rule.groupsField().isPresent()) {
          String field = rule.groupsField().get();
          yield callerGroups.isEmpty()
              ? Grant.NONE
              : new Grant.FieldMatch(field, isList(field), callerGroups);
        }
        yield rule.groups().stream().anyMatch(callerGroups::contains) ? Grant.ALL : Grant.NONE;
      }
    };
  }

  private boolean providerMatches(AuthRule rule) {
    if (rule.allow() == AuthStrategy.PUBLIC) {
      return rule.provider() == AuthProvider.API_KEY && identity.isApiKey();
    }
    return (rule.provider() == AuthProvider.USER_POOLS || rule.provider() == AuthProvider.OIDC)
        && identity.kind() == AppIdentity.Kind.USER_TOKEN;
  }

  private boolean isList(String fieldName) {
    return model.field(fieldName).map(Field::type).map(t -> t.list()).orElse(false);
  }

  /** Every value that identifies the caller for an owner rule; empty when the claim is missing. */
  List<String> ownerValues(AuthRule rule) {
    if (identity.isApiKey()) {
      return List.of();
    }
    String claim = identityClaim(rule);
    if (!claim.contains(CLAIM_SEPARATOR)) {
      return identity.stringClaim(claim).map(List::of).orElse(List.of());
    }
    List<String> parts = new ArrayList<>();
    for (String part : claim.split(CLAIM_SEPARATOR)) {
      Optional<String> value = identity.stringClaim(part);
      if (value.isEmpty()) {
        return List.of();
      }
      parts.add(value.get());
    }
    List<String> accepted = new ArrayList<>();
    accepted.add(String.join(CLAIM_SEPARATOR, parts));
    parts.stream().filter(p -> !accepted.contains(p)).forEach(accepted::add);
    return accepted;
  }

  /** The value an owner field gets on create: the first of {@link #ownerValues}. */
  Optional<String> ownerValueToStore(AuthRule rule) {
    return ownerValues(rule).stream().findFirst();
  }

  private String identityClaim(AuthRule rule) {
    String claim = rule.identityClaim().orElse(AMPLIFY_IDENTITY_CLAIM);
    if (claim.equals(AMPLIFY_IDENTITY_CLAIM) && !identity.identityClaim().isEmpty()) {
      return identity.identityClaim();
    }
    return claim;
  }

  private List<String> groups(AuthRule rule) {
    String claim = rule.groupClaim().orElse(AMPLIFY_GROUP_CLAIM);
    return claim.equals(AMPLIFY_GROUP_CLAIM) ? identity.groups() : identity.stringListClaim(claim);
  }
}
