package dev.cairn.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One model-level {@code @auth} rule as the schema states it, with Amplify's defaults filled in
 * (the codegen plugin writes them into the model's {@link ModelType}). The client needs them to
 * subscribe as Amplify DataStore does: a user whose only read access to a model is as its owner
 * sends the {@code owner} argument on {@code onCreate/onUpdate/onDelete}. Immutable.
 *
 * @param allow the strategy
 * @param provider {@code userPools}, {@code oidc}, {@code apiKey} or {@code iam}
 * @param field the owner field ({@code OWNER}) or the groups field (dynamic {@code GROUPS}), if any
 * @param claim the identity claim ({@code OWNER}) or the groups claim ({@code GROUPS}), if any;
 *     Amplify's defaults {@code cognito:username} and {@code cognito:groups} stand for the claims
 *     the tenant's issuer names (see {@code CairnClient.Builder.issuerClaims})
 * @param groups the groups a static {@code GROUPS} rule names, else empty
 * @param operations the rule's operations as the schema spells them ({@code create}, {@code read},
 *     {@code listen}, ...)
 */
public record ModelAuthRule(
    Strategy allow,
    String provider,
    Optional<String> field,
    Optional<String> claim,
    List<String> groups,
    Set<String> operations) {

  /** {@code allow:} of a rule. */
  public enum Strategy {
    OWNER,
    GROUPS,
    PRIVATE,
    PUBLIC
  }

  public ModelAuthRule {
    Objects.requireNonNull(allow, "allow");
    Objects.requireNonNull(provider, "provider");
    groups = List.copyOf(groups);
    operations = Set.copyOf(operations);
  }

  /** {@code {allow: owner, ownerField, identityClaim, operations}}. */
  public static ModelAuthRule owner(
      String provider, String ownerField, String identityClaim, String... operations) {
    return new ModelAuthRule(
        Strategy.OWNER,
        provider,
        Optional.of(ownerField),
        Optional.of(identityClaim),
        List.of(),
        Set.of(operations));
  }

  /** {@code {allow: groups, groups: [...], groupClaim, operations}}. */
  public static ModelAuthRule groups(
      String provider, String groupClaim, List<String> groups, String... operations) {
    return new ModelAuthRule(
        Strategy.GROUPS,
        provider,
        Optional.empty(),
        Optional.of(groupClaim),
        groups,
        Set.of(operations));
  }

  /** {@code {allow: groups, groupsField, groupClaim, operations}}. */
  public static ModelAuthRule groupsField(
      String provider, String groupClaim, String groupsField, String... operations) {
    return new ModelAuthRule(
        Strategy.GROUPS,
        provider,
        Optional.of(groupsField),
        Optional.of(groupClaim),
        List.of(),
        Set.of(operations));
  }

  /** {@code {allow: private, operations}}: any signed-in user. */
  public static ModelAuthRule signedIn(String provider, String... operations) {
    return new ModelAuthRule(
        Strategy.PRIVATE,
        provider,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Set.of(operations));
  }

  /** {@code {allow: public, operations}}: API keys. */
  public static ModelAuthRule anyone(String provider, String... operations) {
    return new ModelAuthRule(
        Strategy.PUBLIC,
        provider,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Set.of(operations));
  }

  /**
   * Whether the rule lets its callers receive subscription events ({@code read} or {@code listen}).
   */
  public boolean listens() {
    return operations.contains("read") || operations.contains("listen");
  }

  /** Whether the rule applies to callers with a user token ({@code userPools} or {@code oidc}). */
  public boolean forUserTokens() {
    return provider.equals("userPools") || provider.equals("oidc");
  }
}
