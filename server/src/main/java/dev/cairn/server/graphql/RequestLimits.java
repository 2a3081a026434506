package dev.cairn.server.graphql;

/**
 * Limits on one GraphQL request. A request over a limit is refused before anything runs, with an
 * AppSync-shaped error naming the limit.
 *
 * @param maxQueryChars longest accepted query text
 * @param maxTokens most parser tokens (guards against huge documents)
 * @param maxDepth deepest field nesting
 * @param maxComplexity most fields selected in total (each field counts 1)
 * @param maxAliases most aliased fields
 * @param maxRootFields most root fields in the operation (batch size)
 */
public record RequestLimits(
    int maxQueryChars,
    int maxTokens,
    int maxDepth,
    int maxComplexity,
    int maxAliases,
    int maxRootFields) {
  public static RequestLimits defaults() {
    return new RequestLimits(65_536, 15_000, 12, 1_000, 20, 10);
  }
}
