package dev.cairn.server.graphql;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cairn's answer to a client that asks for sync progress: for each {@code sync<Plural>} field of
 * the request that starts a sync (no {@code nextToken}), an estimate of how many records the whole
 * sync will return, by the field's response key (its alias or name). The request asks with the
 * GraphQL request extension {@code "extensions": {"cairnSyncEstimate": true}}; the answer is the
 * response extension {@code "extensions": {"cairnSyncEstimate": {"syncPosts": 1234}}}. Amplify
 * clients never ask, so their requests cost nothing more and their responses stay byte for byte
 * what they were; a client that asks and gets no entry for a field (the count took too long) has no
 * estimate. The count runs on the filter the sync itself runs on, the caller's {@code @auth} read
 * scope included, so it never counts a record the caller may not read. Thread-safe (fields of one
 * request may be fetched on several threads).
 */
public final class SyncEstimates {
  /** The name of the request and response extension. */
  public static final String EXTENSION = "cairnSyncEstimate";

  static final String CONTEXT_KEY = "cairn.syncEstimates";

  private final Map<String, Long> totals = new ConcurrentHashMap<>();

  void put(String responseKey, long total) {
    totals.put(responseKey, total);
  }

  /** The estimates made, by response key, in key order. */
  public Map<String, Long> totals() {
    return new TreeMap<>(totals);
  }
}
