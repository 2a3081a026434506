package dev.cairn.server.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.OperationDefinition;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Parsed and validated request documents of one executable schema, by query text. Sync clients send
 * the same few queries over and over (one per model and operation), so each is parsed and validated
 * once instead of on every request. Only documents that passed validation are kept; at most {@code
 * maxEntries} (a Caffeine cache, evicting the least useful beyond that). Thread-safe.
 */
final class DocumentCache implements PreparsedDocumentProvider {
  private record Cached(PreparsedDocumentEntry entry, boolean subscription) {}

  private final Cache<String, Cached> entries;

  DocumentCache(int maxEntries) {
    this.entries = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
  }

  /**
   * Whether {@code query} is a query or mutation document that already passed parsing and
   * validation. Subscription documents (cached for realtime's own executions) never count.
   */
  boolean knowsRequest(String query) {
    Cached cached = entries.getIfPresent(query);
    return cached != null && !cached.subscription();
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
      ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    Cached cached = entries.getIfPresent(input.getQuery());
    if (cached != null) {
      return CompletableFuture.completedFuture(cached.entry());
    }
    PreparsedDocumentEntry entry = parseAndValidate.apply(input);
    if (!entry.hasErrors()) {
      boolean subscription =
          entry.getDocument().getDefinitionsOfType(OperationDefinition.class).stream()
              .anyMatch(o -> o.getOperation() == OperationDefinition.Operation.SUBSCRIPTION);
      entries.put(input.getQuery(), new Cached(entry, subscription));
    }
    return CompletableFuture.completedFuture(entry);
  }
}
