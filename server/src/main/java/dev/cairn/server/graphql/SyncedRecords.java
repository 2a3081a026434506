package dev.cairn.server.graphql;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tally of the records one GraphQL request's sync queries returned ({@code sync<Plural>} pages),
 * for the tenant's traffic figures. The caller makes one per request and reads it after {@link
 * TenantGraphQL#execute(String, java.util.Map, dev.cairn.server.auth.AppIdentity, SyncedRecords)}.
 * Thread-safe (fields of one request may be fetched on several threads).
 */
public final class SyncedRecords {
  static final String CONTEXT_KEY = "cairn.syncedRecords";

  private final AtomicInteger count = new AtomicInteger();

  void add(int records) {
    count.addAndGet(records);
  }

  /** Records returned so far. */
  public int count() {
    return count.get();
  }
}
