package dev.cairn.server.graphql;

import dev.cairn.spec.Field;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelSchema;
import graphql.execution.ExecutionStepInfo;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the relation fields of a subscription payload from values resolved beforehand, instead of
 * the query path's fetchers (which read the database and need a caller). Realtime resolves each
 * selected {@code @belongsTo}/{@code @hasOne} once per change and applies the subscriber's read
 * rules ({@link RelationSelection}); the result arrives in the GraphQL context under {@link
 * #CONTEXT_KEY}, keyed by the field names from below the subscription's root field ({@code [post]},
 * {@code [post, blog]}). A missing entry renders as null. Only used for rendering subscription
 * payloads; thread-safe.
 */
final class RelationViews implements Instrumentation {
  /** The GraphQL context key of the resolved relations: {@code Map<List<String>, Object>}. */
  static final String CONTEXT_KEY = "cairn.relations";

  /** Relation field names by model type name. */
  private final Map<String, Set<String>> relationFields = new HashMap<>();

  RelationViews(ModelSchema schema) {
    for (Model model : schema.models()) {
      Set<String> names = new HashSet<>();
      for (Field field : model.fields()) {
        if (field.isRelation()) {
          names.add(field.name());
        }
      }
      if (!names.isEmpty()) {
        relationFields.put(model.name(), names);
      }
    }
  }

  @Override
  public DataFetcher<?> instrumentDataFetcher(
      DataFetcher<?> dataFetcher,
      InstrumentationFieldFetchParameters parameters,
      InstrumentationState state) {
    ExecutionStepInfo step = parameters.getExecutionStepInfo();
    Set<String> names = relationFields.get(step.getObjectType().getName());
    if (names == null || !names.contains(step.getField().getName())) {
      return dataFetcher;
    }
    return env -> {
      Map<List<String>, Object> views = env.getGraphQlContext().get(CONTEXT_KEY);
      return views == null ? null : views.get(path(env.getExecutionStepInfo()));
    };
  }

  /** The field names from below the root field down to {@code step}'s field. */
  static List<String> path(ExecutionStepInfo step) {
    ArrayDeque<String> names = new ArrayDeque<>();
    for (ExecutionStepInfo s = step; s != null && s.getField() != null; s = s.getParent()) {
      names.addFirst(s.getField().getName());
    }
    names.pollFirst();
    return List.copyOf(names);
  }
}
