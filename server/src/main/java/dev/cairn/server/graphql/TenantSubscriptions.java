package dev.cairn.server.graphql;

import dev.cairn.server.ErrorType;
import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.server.data.RecordKey;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelSchema;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.VariableReference;
import graphql.schema.DataFetcher;
import graphql.schema.idl.TypeRuntimeWiring;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The subscription side of one tenant's API: compiles {@code onCreate/onUpdate/onDelete<Model>}
 * operations into {@link SubscriptionPlan}s, and renders a change with a plan's own selection set
 * through graphql-java (scalars as a query would show them). Relation fields are rendered from
 * records resolved beforehand ({@link #findRelated}, {@link RelationViews}), never by a database
 * read during rendering. It does not authorize; realtime combines a plan with the subscriber's
 * {@code @auth} read scope. Thread-safe.
 */
public final class TenantSubscriptions {
  private static final String CHANGE = "cairn.change";
  private static final String CAPTURE = "cairn.capture";

  private record Target(Model model, ChangeOperation operation) {}

  private final TenantGraphQL api;
  private final GraphQL graphQL;
  private final GraphQL renderer;
  private final ModelSchema schema;
  private final DataPlane plane;
  private final Map<String, Target> targets;

  TenantSubscriptions(TenantGraphQL api, GraphQL graphQL, ModelSchema schema, DataPlane plane) {
    this.api = api;
    this.graphQL = graphQL;
    this.schema = schema;
    this.plane = plane;
    this.targets = targets(schema);
    // compile checked the request limits; rendering needs only the relation values
    this.renderer = graphQL.transform(b -> b.instrumentation(new RelationViews(schema)));
  }

  /** Wires every subscription root field of the schema to the change being rendered. */
  static void wire(ModelSchema schema, TypeRuntimeWiring.Builder subscription) {
    DataFetcher<Publisher<Object>> fetcher =
        env -> {
          GraphQLContext context = env.getGraphQlContext();
          Map<String, Object> capture = context.get(CAPTURE);
          if (capture != null) {
            capture.putAll(env.getArguments());
            return new SinglePublisher(null);
          }
          return new SinglePublisher(context.get(CHANGE));
        };
    targets(schema).keySet().forEach(name -> subscription.dataFetcher(name, fetcher));
  }

  /**
   * Checks a subscription operation against the schema and the request limits.
   *
   * @throws GraphQLRequestException with AppSync's errorType when it is not a valid subscription to
   *     one model's creates, updates or deletes, or selects a {@code @hasMany} field
   */
  public SubscriptionPlan compile(String query, Map<String, Object> variables)
      throws GraphQLRequestException {
    Document document = api.parse(query);
    List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
    if (operations.size() != 1
        || operations.get(0).getOperation() != OperationDefinition.Operation.SUBSCRIPTION) {
      throw new GraphQLRequestException(
          ErrorType.BAD_REQUEST.wireName(), "send exactly one subscription operation");
    }
    List<Selection> roots = operations.get(0).getSelectionSet().getSelections();
    if (roots.size() != 1 || !(roots.get(0) instanceof Field root)) {
      throw new GraphQLRequestException(
          ErrorType.BAD_REQUEST.wireName(), "a subscription selects exactly one root field");
    }
    Target target = targets.get(root.getName());
    if (target == null) {
      throw new GraphQLRequestException(
          ErrorType.VALIDATION.wireName(),
          "Validation error of type FieldUndefined: Field '"
              + root.getName()
              + "' in type 'Subscription' is undefined");
    }
    Map<String, Object> vars = variables == null ? Map.of() : variables;
    Map<String, Object> captured = new HashMap<>();
    ExecutionResult result =
        graphQL.execute(
            ExecutionInput.newExecutionInput()
                .query(query)
                .variables(vars)
                .graphQLContext(Map.of(CAPTURE, captured))
                .build());
    if (!result.getErrors().isEmpty()) {
      Map<String, Object> error = AppSyncResponse.error(result.getErrors().get(0));
      throw new GraphQLRequestException(
          String.valueOf(error.get("errorType")), String.valueOf(error.get("message")));
    }
    drain(result);
    List<RelationSelection> relations =
        SubscriptionRelations.of(schema, document, root, target.model());
    @SuppressWarnings("unchecked")
    Map<String, Object> filter = (Map<String, Object>) captured.get("filter");
    Object owner = captured.get("owner");
    Map<String, Object> renderVariables = new LinkedHashMap<>(vars);
    root.getArguments()
        .forEach(
            a -> {
              if (a.getValue() instanceof VariableReference ref
                  && (a.getName().equals("filter") || a.getName().equals("owner"))) {
                renderVariables.remove(ref.getName());
              }
            });
    return new SubscriptionPlan(
        target.model(),
        target.operation(),
        root.getName(),
        filter,
        Optional.ofNullable(owner).map(String::valueOf),
        query,
        vars,
        List.of(query, renderVariables),
        relations);
  }

  /**
   * The record of {@code model} with primary key {@code key} (tombstones included), as stored: what
   * a relation field of a changed record points at. Not authorized; the caller applies the
   * subscriber's read rules. Reads the database: realtime calls it once per change and record.
   */
  public Optional<Map<String, Object>> findRelated(Model model, Map<String, Object> key) {
    return plane
        .store()
        .get(api.tenant(), model, RecordKey.of(model, key))
        .<Map<String, Object>>map(r -> r);
  }

  /**
   * Renders a change for a plan that selects no relation field: {@code
   * {"data":{"onCreatePost":{...}}}} as JSON.
   *
   * @param record the record as written (API shape), from the change journal
   */
  public String render(SubscriptionPlan plan, Object record) {
    return render(plan, record, Map.of());
  }

  /**
   * Renders a change for a plan: {@code {"data":{"onCreatePost":{...}}}} as JSON.
   *
   * @param record the record as written (API shape), from the change journal
   * @param relations the value of each relation field the plan selects ({@link
   *     SubscriptionPlan#relations()}), keyed by the field names from below the root field ({@code
   *     [post]}, {@code [post, blog]}); a record as the subscriber may see it, or null. A missing
   *     entry renders as null
   */
  public String render(
      SubscriptionPlan plan, Object record, Map<List<String>, Map<String, Object>> relations) {
    ExecutionResult result =
        renderer.execute(
            ExecutionInput.newExecutionInput()
                .query(plan.query())
                .variables(plan.variables())
                .graphQLContext(Map.of(CHANGE, record, RelationViews.CONTEXT_KEY, relations))
                .build());
    if (!result.getErrors().isEmpty()) {
      return JsonOutput.write(AppSyncResponse.of(result));
    }
    return JsonOutput.write(AppSyncResponse.of(first(result)));
  }

  private static ExecutionResult first(ExecutionResult result) {
    Publisher<ExecutionResult> events = result.getData();
    CompletableFuture<ExecutionResult> first = new CompletableFuture<>();
    events.subscribe(
        new Subscriber<>() {
          @Override
          public void onSubscribe(Subscription s) {
            s.request(1);
          }

          @Override
          public void onNext(ExecutionResult r) {
            first.complete(r);
          }

          @Override
          public void onError(Throwable t) {
            first.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            first.completeExceptionally(new IllegalStateException("the change rendered nothing"));
          }
        });
    try {
      return first.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("rendering a change failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("rendering a change took over 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering a change", e);
    }
  }

  /** Runs compile's empty event stream to its end. */
  private static void drain(ExecutionResult result) {
    if (result.getData() instanceof Publisher<?> events) {
      events.subscribe(
          new Subscriber<Object>() {
            @Override
            public void onSubscribe(Subscription s) {
              s.request(1);
            }

            @Override
            public void onNext(Object o) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onComplete() {}
          });
    }
  }

  private static Map<String, Target> targets(ModelSchema schema) {
    Map<String, Target> targets = new HashMap<>();
    for (Model model : schema.models()) {
      model
          .operations()
          .onCreate()
          .ifPresent(n -> targets.put(n, new Target(model, ChangeOperation.CREATE)));
      model
          .operations()
          .onUpdate()
          .ifPresent(n -> targets.put(n, new Target(model, ChangeOperation.UPDATE)));
      model
          .operations()
          .onDelete()
          .ifPresent(n -> targets.put(n, new Target(model, ChangeOperation.DELETE)));
    }
    return targets;
  }
}
