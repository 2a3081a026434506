package dev.cairn.server.data.conflict;

import dev.cairn.server.TenantId;
import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.spec.Model;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * A stale write: {@code incoming} (the mutation's fields, keys included) was made against {@code
 * incomingVersion}, but the store holds {@code current}.
 *
 * @param base the record as it was at {@code incomingVersion}, looked up only when asked (from the
 *     change journal; empty when no longer there)
 */
public record Conflict(
    TenantId tenant,
    Model model,
    ChangeOperation operation,
    Document current,
    Map<String, Object> incoming,
    int incomingVersion,
    Supplier<Optional<Document>> base) {}
