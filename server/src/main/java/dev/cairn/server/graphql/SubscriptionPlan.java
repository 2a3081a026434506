package dev.cairn.server.graphql;

import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.spec.Model;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A subscription operation checked against a tenant's schema: which model and which writes it
 * listens to, its coerced {@code filter} and {@code owner} arguments, and what it needs to render a
 * change. Immutable.
 *
 * @param rootField e.g. {@code onCreatePost}
 * @param filter the coerced {@code filter} argument, or null
 * @param owner the {@code owner} argument, if given
 * @param renderKey equal for plans that render every change identically
 * @param relations the {@code @belongsTo}/{@code @hasOne} fields selected, which rendering needs
 *     resolved ({@link TenantSubscriptions#render(SubscriptionPlan, Object, Map)})
 */
public record SubscriptionPlan(
    Model model,
    ChangeOperation operation,
    String rootField,
    Map<String, Object> filter,
    Optional<String> owner,
    String query,
    Map<String, Object> variables,
    Object renderKey,
    List<RelationSelection> relations) {
  public SubscriptionPlan {
    relations = List.copyOf(relations);
  }
}
