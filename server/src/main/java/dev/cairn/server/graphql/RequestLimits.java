package dev.cairn.server.graphql;

/**
 * Limits on one GraphQL request. A request over a limit is refused before anything runs, with an
 * AppSync-shaped error naming the limit.
 *
 * @param maxQueryChars longest accepted query text
 * @param maxTokens most parser tokens (guards against huge documents)
 * @param maxDepth deepest field nesting
 * @param maxComplexity most fields selected in total (each field counts 1, fragments expanded)
 * @param maxAliases most aliased fields (fragments counted once per use)
 * @param maxRootFields most root fields in the operation (batch size; fragments expanded)
 * @param maxRecords most records the operation may read: each list's {@code limit} (or {@code
 *     defaultPageSize}) multiplied through nested relations (see {@link RecordCost})
 * @param defaultPageSize the page size of a list query without {@code limit}, as the data plane
 *     uses it
 */
public record RequestLimits(
    int maxQueryChars,
    int maxTokens,
    int maxDepth,
    int maxComplexity,
    int maxAliases,
    int maxRootFields,
    int maxRecords,
    int defaultPageSize) {
  /** The default {@link #maxRecords}: a DataStore sync page of 1000 with 19 {@code @belongsTo}s. */
  public static final int DEFAULT_MAX_RECORDS = 20_000;

  public RequestLimits {
    positive("maxQueryChars", maxQueryChars);
    positive("maxTokens", maxTokens);
    positive("maxDepth", maxDepth);
    positive("maxComplexity", maxComplexity);
    positive("maxAliases", maxAliases);
    positive("maxRootFields", maxRootFields);
    positive("maxRecords", maxRecords);
    positive("defaultPageSize", defaultPageSize);
  }

  public static RequestLimits defaults() {
    return new RequestLimits(65_536, 15_000, 12, 1_000, 20, 10, DEFAULT_MAX_RECORDS, 100);
  }

  /** These limits with another {@link #maxRecords}. */
  public RequestLimits withMaxRecords(int records) {
    return new RequestLimits(
        maxQueryChars,
        maxTokens,
        maxDepth,
        maxComplexity,
        maxAliases,
        maxRootFields,
        records,
        defaultPageSize);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          "request limit " + name + " must be at least 1, not " + value);
    }
  }
}
