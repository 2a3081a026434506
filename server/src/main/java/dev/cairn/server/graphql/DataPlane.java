package dev.cairn.server.graphql;

import dev.cairn.server.data.RecordStore;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.sync.SyncQueries;
import dev.cairn.spec.Model;
import java.util.function.Function;

/**
 * What the data fetchers of one tenant work on.
 *
 * @param strategies the conflict strategy of each model (tenant default or per-model override)
 */
public record DataPlane(
    RecordStore store, SyncQueries queries, Function<Model, ConflictStrategy> strategies) {}
