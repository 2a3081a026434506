package dev.cairn.server.graphql;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.Set;

/**
 * The cost of a field as the number of records it may read, with list multipliers carried through
 * nested relations: the {@code items} of a connection cost its page size ({@code limit}, or the
 * default page size) times (one record plus what each item's own relations may read); a field whose
 * type is a model ({@code get}, {@code @belongsTo}, {@code @hasOne}, a mutation's result) costs one
 * record plus its relations; scalars and enums cost nothing. So {@code listPosts(limit: 20) { items
 * { comments(limit: 20) { items { id } } } }} may read 20 × (1 + 20) = 420 records, which is what
 * running it reads. Costs are capped just above the limit so sums never overflow.
 */
final class RecordCost implements FieldComplexityCalculator {
  /**
   * The one argument a cost is read from; {@link OperationLimitsInstrumentation} relies on it when
   * it reuses costs for requests that differ only in other variables.
   */
  static final String PAGE_SIZE_ARGUMENT = "limit";

  private final Set<String> models;
  private final int defaultPageSize;
  private final int cap;

  /**
   * @param models the names of the schema's model types
   * @param defaultPageSize the page size of a list without {@code limit}
   * @param maxRecords the limit; costs above it are reported as {@code maxRecords + 1}
   */
  RecordCost(Set<String> models, int defaultPageSize, int maxRecords) {
    this.models = Set.copyOf(models);
    this.defaultPageSize = defaultPageSize;
    this.cap = maxRecords + 1;
  }

  @Override
  public int calculate(FieldComplexityEnvironment env, int childComplexity) {
    GraphQLType type = GraphQLTypeUtil.unwrapAll(env.getFieldDefinition().getType());
    if (!(type instanceof GraphQLObjectType object)) {
      return 0;
    }
    if (env.getField().getName().equals("items") && isConnection(env.getParentType().getName())) {
      return capped((long) pageSize(env.getParentEnvironment()) * (1L + childComplexity));
    }
    if (models.contains(object.getName())) {
      return capped(1L + childComplexity);
    }
    return capped(childComplexity);
  }

  private int pageSize(FieldComplexityEnvironment connectionField) {
    if (connectionField != null
        && connectionField.getArguments().get(PAGE_SIZE_ARGUMENT) instanceof Number n) {
      return (int) Math.max(0, Math.min(n.longValue(), cap));
    }
    return defaultPageSize;
  }

  private static boolean isConnection(String typeName) {
    return typeName.startsWith("Model") && typeName.endsWith("Connection");
  }

  private int capped(long cost) {
    return (int) Math.min(cost, cap);
  }
}
