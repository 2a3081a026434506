package dev.cairn.spec;

import java.util.Optional;

/**
 * The root fields a model exposes, from {@code @model(queries:, mutations:, subscriptions:)}: each
 * name is empty when that operation is disabled. {@code sync} follows {@code queries}: it exists
 * unless {@code queries: null}.
 */
public record ModelOperations(
    Optional<String> get,
    Optional<String> list,
    Optional<String> sync,
    Optional<String> create,
    Optional<String> update,
    Optional<String> delete,
    Optional<String> onCreate,
    Optional<String> onUpdate,
    Optional<String> onDelete,
    SubscriptionLevel subscriptionLevel) {}
