package dev.cairn.client;

import java.util.List;
import java.util.Map;

/**
 * What opening the store did to bring it to the app's models ({@link
 * CairnClient#storeMigration()}). Compatible changes migrate in place; the models in {@code
 * rebuilt} had an incompatible change: their tables were rebuilt and they base-sync again. Pending
 * outbox entries of unaffected models are kept as they are; those of rebuilt models are kept when
 * they still fit the new schema ({@code migratedMutations}) and otherwise removed and reported
 * through the error handler as {@link MutationDroppedException}s ({@code dropped}), never silently.
 *
 * @param previousHash the store's schema hash before, null for a new store or one made before
 *     stores recorded it
 * @param hash the store's schema hash now (the app models' hash)
 * @param created models whose tables were created
 * @param migrated models migrated in place, each with the fields a restricted sync will fill
 * @param rebuilt models rebuilt, each with the reason
 * @param migratedMutations outbox entries of rebuilt models that were kept
 * @param dropped outbox entries that no longer fit, with their content
 */
public record StoreMigration(
    String previousHash,
    String hash,
    List<String> created,
    Map<String, List<String>> migrated,
    Map<String, String> rebuilt,
    int migratedMutations,
    List<MutationDroppedException> dropped) {

  public StoreMigration {
    created = List.copyOf(created);
    migrated = Map.copyOf(migrated);
    rebuilt = Map.copyOf(rebuilt);
    dropped = List.copyOf(dropped);
  }

  /** Whether the store already had the app's schema. */
  public boolean unchanged() {
    return previousHash != null && previousHash.equals(hash);
  }
}
