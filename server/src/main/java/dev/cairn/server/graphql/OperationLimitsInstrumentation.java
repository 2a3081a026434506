package dev.cairn.server.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cairn.server.ErrorType;
import graphql.ExecutionResult;
import graphql.analysis.QueryComplexityCalculator;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.execution.AbortExecutionException;
import graphql.execution.CoercedVariables;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Argument;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Node;
import graphql.language.VariableReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses, before any data fetcher runs, an operation deeper than {@link RequestLimits#maxDepth()},
 * selecting more fields than {@link RequestLimits#maxComplexity()} (each field 1, fragments
 * expanded), or whose {@link RecordCost} exceeds {@link RequestLimits#maxRecords()}; the record
 * refusal is AppSync-shaped ({@code BadRequestException}) and names the limit.
 *
 * <p>The three figures are a function of the parsed document, the operation name and only those
 * variables that can change them: variables in directive arguments ({@code @skip(if: $x)}, {@code
 * @include}) decide which fields count at all, and variables given as a list's {@code limit} ({@link
 * RecordCost#PAGE_SIZE_ARGUMENT}) multiply record costs. So they are computed once per (document,
 * operation, values of those variables) and reused: a sync client's every {@code createPost} or
 * {@code syncPosts(limit: $limit)} page walks the document only the first time (the walk was a
 * measured share of each request's CPU, issue 18). Documents are held weakly (the {@link
 * DocumentCache} keeps the same document object for the same query text), and at most {@value
 * #COMBINATIONS_PER_DOCUMENT} variable combinations are kept per document; beyond that a request
 * is analysed afresh, as before.
 */
final class OperationLimitsInstrumentation extends SimplePerformantInstrumentation {
  static final int COMBINATIONS_PER_DOCUMENT = 64;
  private static final int DOCUMENTS = 4096;

  /** Depth, fields and records of one operation with given variables. */
  record Costs(int depth, int fields, int records) {}

  /** What is known of one document: the variables its costs depend on, and costs by values. */
  private record Known(List<String> variables, Map<List<Object>, Costs> byValues) {}

  private final RequestLimits limits;
  private final RecordCost recordCost;
  private final Cache<Document, Known> documents =
      Caffeine.newBuilder().weakKeys().maximumSize(DOCUMENTS).executor(Runnable::run).build();

  OperationLimitsInstrumentation(Set<String> models, RequestLimits limits) {
    this.limits = limits;
    this.recordCost = new RecordCost(models, limits.defaultPageSize(), limits.maxRecords());
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
      InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    Costs costs = costs(parameters.getExecutionContext());
    if (costs.depth() > limits.maxDepth()) {
      throw new AbortExecutionException(
          "maximum query depth exceeded " + costs.depth() + " > " + limits.maxDepth());
    }
    if (costs.fields() > limits.maxComplexity()) {
      throw new AbortExecutionException(
          "maximum query complexity exceeded " + costs.fields() + " > " + limits.maxComplexity());
    }
    if (costs.records() > limits.maxRecords()) {
      throw new AbortExecutionException(
          List.of(
              new AppSyncError(
                  "the query may read more than "
                      + limits.maxRecords()
                      + " records (each list's limit, or the default page size, multiplied"
                      + " through nested relations), over the limit per request. Ask for smaller"
                      + " pages of nested lists, or query the related model on its own",
                  ErrorType.BAD_REQUEST.wireName(),
                  null,
                  List.of(),
                  null)));
    }
    return SimpleInstrumentationContext.noOp();
  }

  /** The costs of the operation about to run, computed on the first request of their kind. */
  Costs costs(ExecutionContext context) {
    Document document = context.getDocument();
    Known known =
        documents.get(document, d -> new Known(costVariables(d), new ConcurrentHashMap<>()));
    String operation = context.getExecutionInput().getOperationName();
    Object[] key = new Object[known.variables().size() + 1];
    key[0] = operation;
    Map<String, Object> values = context.getCoercedVariables().toMap();
    for (int i = 0; i < known.variables().size(); i++) {
      key[i + 1] = values.get(known.variables().get(i));
    }
    List<Object> combination = Arrays.asList(key);
    Costs costs = known.byValues().get(combination);
    if (costs == null) {
      costs = compute(context, document, operation, context.getCoercedVariables());
      if (known.byValues().size() < COMBINATIONS_PER_DOCUMENT) {
        known.byValues().put(combination, costs);
      }
    }
    return costs;
  }

  private Costs compute(
      ExecutionContext context, Document document, String operation, CoercedVariables variables) {
    int depth =
        QueryTraverser.newQueryTraverser()
            .schema(context.getGraphQLSchema())
            .document(document)
            .operationName(operation)
            .coercedVariables(variables)
            .build()
            .reducePreOrder(
                (QueryVisitorFieldEnvironment env, Integer deepest) ->
                    Math.max(level(env), deepest),
                0);
    int fields = calculate(context, document, operation, variables, null);
    int records = calculate(context, document, operation, variables, recordCost);
    return new Costs(depth, fields, records);
  }

  /** 1 for a root field, 2 for a field below it, and so on. */
  private static int level(QueryVisitorFieldEnvironment env) {
    int level = 0;
    for (QueryVisitorFieldEnvironment e = env; e != null; e = e.getParentEnvironment()) {
      level++;
    }
    return level;
  }

  /** With {@code calculator} null: every field counts 1 ({@code __typename} 0), as graphql-java. */
  private static int calculate(
      ExecutionContext context,
      Document document,
      String operation,
      CoercedVariables variables,
      RecordCost calculator) {
    return QueryComplexityCalculator.newCalculator()
        .schema(context.getGraphQLSchema())
        .document(document)
        .operationName(operation)
        .variables(variables)
        .fieldComplexityCalculator(
            calculator != null ? calculator : (env, childComplexity) -> 1 + childComplexity)
        .build()
        .calculate();
  }

  /**
   * The variables a document's costs depend on: those in directive arguments and those given as a
   * page size; in a fixed order.
   */
  static List<String> costVariables(Document document) {
    Set<String> names = new LinkedHashSet<>();
    collect(document, false, names);
    return new ArrayList<>(names);
  }

  private static void collect(Node<?> node, boolean counts, Set<String> names) {
    boolean below =
        counts
            || node instanceof Directive
            || (node instanceof Argument a && a.getName().equals(RecordCost.PAGE_SIZE_ARGUMENT));
    if (below && node instanceof VariableReference v) {
      names.add(v.getName());
    }
    for (Node<?> child : node.getChildren()) {
      collect(child, below, names);
    }
  }
}
