package dev.cairn.server.graphql;

import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.spec.Model;
import java.util.List;
import java.util.Map;

/**
 * A subscription operation checked against a tenant's schema: which model and which writes it
 * listens to, its coerced {@code filter} and owner arguments, and what it needs to render a change.
 * Immutable.
 *
 * @param rootField e.g. {@code onCreatePost}
 * @param filter the coerced {@code filter} argument, or null
 * @param owners the owner arguments given, by owner field name ({@code onCreatePost(author:
 *     "alice")} → {@code {author=alice}}; Amplify names the argument after the rule's {@code
 *     ownerField}): the subscription receives only records whose field holds that value
 * @param renderKey equal for plans that render every change identically
 * @param relations the {@code @belongsTo}/{@code @hasOne} fields selected, which rendering needs
 *     resolved ({@link TenantSubscriptions#render(SubscriptionPlan, Object, Map)})
 */
public record SubscriptionPlan(
    Model model,
    ChangeOperation operation,
    String rootField,
    Map<String, Object> filter,
    Map<String, String> owners,
    String query,
    Map<String, Object> variables,
    Object renderKey,
    List<RelationSelection> relations) {
  public SubscriptionPlan {
    owners = Map.copyOf(owners);
    relations = List.copyOf(relations);
  }
}
