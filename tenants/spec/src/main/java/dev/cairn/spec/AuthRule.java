package dev.cairn.spec;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code @auth} rule with Amplify's defaults filled in: provider ({@code apiKey} for public,
 * {@code userPools} otherwise), {@code ownerField} ({@code owner}), {@code identityClaim} ({@code
 * cognito:username}), {@code groupClaim} ({@code cognito:groups}) and {@code operations} (all of
 * create, update, delete, read). Optional components are present exactly for the strategies they
 * belong to: owner fields and identity claim for {@code OWNER}; groups or groupsField and group
 * claim for {@code GROUPS}.
 */
public record AuthRule(
    AuthStrategy allow,
    AuthProvider provider,
    Optional<String> ownerField,
    Optional<String> identityClaim,
    List<String> groups,
    Optional<String> groupsField,
    Optional<String> groupClaim,
    Set<ModelOperation> operations) {

  public AuthRule {
    groups = List.copyOf(groups);
    operations = Set.copyOf(operations);
  }

  /** Whether this rule grants {@code operation}, with {@code READ} covering the read operations. */
  public boolean allows(ModelOperation operation) {
    if (operations.contains(operation)) {
      return true;
    }
    return operations.contains(ModelOperation.READ)
        && Set.of(
                ModelOperation.GET,
                ModelOperation.LIST,
                ModelOperation.SYNC,
                ModelOperation.LISTEN,
                ModelOperation.SEARCH)
            .contains(operation);
  }
}
