package dev.cairn.server.graphql;

import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.execution.AbortExecutionException;
import java.util.List;
import java.util.Set;

/**
 * Refuses, before any data fetcher runs, an operation whose {@link RecordCost} exceeds {@link
 * RequestLimits#maxRecords()}; the cost is computed with the request's variables, so a repeated
 * document with a larger {@code limit} variable is checked again. The refusal is AppSync-shaped
 * ({@code BadRequestException}) and names the limit.
 */
final class RecordCostInstrumentation extends MaxQueryComplexityInstrumentation {
  RecordCostInstrumentation(Set<String> models, RequestLimits limits) {
    super(
        limits.maxRecords(), new RecordCost(models, limits.defaultPageSize(), limits.maxRecords()));
  }

  @Override
  protected AbortExecutionException mkAbortException(int totalComplexity, int maxComplexity) {
    return new AbortExecutionException(
        List.of(
            new AppSyncError(
                "the query may read more than "
                    + maxComplexity
                    + " records (each list's limit, or the default page size, multiplied through"
                    + " nested relations), over the limit per request. Ask for smaller pages of nested lists, or query the"
                    + " related model on its own",
                "BadRequestException",
                null,
                List.of(),
                null)));
  }
}
