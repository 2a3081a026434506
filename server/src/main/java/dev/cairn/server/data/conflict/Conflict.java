package dev.cairn.server.data.conflict;

import dev.cairn.server.TenantId;
import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.spec.Model;
import java.time.Duration;
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
 * @param timeLeft how long the resolver may take at most: what is left of the write's one deadline
 *     for resolving its conflicts, retries included; a resolver that waits on something outside
 *     (the CUSTOM webhook) gives up after this long
 */
public record Conflict(
    TenantId tenant,
    Model model,
    ChangeOperation operation,
    Document current,
    Map<String, Object> incoming,
    int incomingVersion,
    Supplier<Optional<Document>> base,
    Duration timeLeft) {}
