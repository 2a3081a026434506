package dev.cairn.server.flags;

import dev.cairn.server.ErrorType;
import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.graphql.JsonOutput;
import dev.cairn.server.graphql.TenantGraphQL;
import dev.cairn.spec.flags.Evaluation;
import dev.cairn.spec.internal.api.ApiSchemaBuilder;
import dev.cairn.spec.internal.api.AwsScalars;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.GraphqlErrorException;
import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.SelectionSet;
import graphql.language.VariableDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeRuntimeWiring;
import jakarta.enterprise.inject.spi.CDI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Cairn's flag root fields in GraphQL. {@code _cairnFlags} is wired into every tenant's API ({@link
 * #wire}); {@code _cairnOnFlagsChanged} subscriptions are compiled and rendered here, on a small
 * schema of just Cairn's flag types, so their payload has the subscription's own selection set
 * (aliases, {@code __typename}, fragments) exactly as a query would render it.
 */
public final class FlagGraphQL {
  /** The subscription root field. */
  public static final String SUBSCRIPTION_FIELD = "_cairnOnFlagsChanged";

  static final String QUERY_FIELD = "_cairnFlags";
  private static final String PAYLOAD = "cairn.flags.payload";
  private static final String CAPTURE = "cairn.flags.capture";

  private static final GraphQL FLAGS_ONLY = flagsOnlySchema();

  private FlagGraphQL() {}

  /**
   * Wires {@code _cairnFlags(context)} of a tenant's API: the caller's evaluated flags. The
   * caller's flag snapshot comes from the application's {@link TenantFlags}, looked up when the
   * field is first asked for (the tenant API is built outside CDI).
   */
  public static void wire(TenantId tenant, TypeRuntimeWiring.Builder query) {
    query.dataFetcher(
        QUERY_FIELD,
        env -> {
          AppIdentity caller = env.getGraphQlContext().get(TenantGraphQL.CALLER);
          Map<String, Object> attributes = clientAttributes(env.getArgument("context"));
          TenantFlags flags = CDI.current().select(TenantFlags.class).get();
          Map<String, Evaluation> all =
              flags.snapshot(tenant).evaluator().evaluateAll(FlagContexts.of(caller, attributes));
          CDI.current().select(FlagUsage.class).get().evaluated(tenant, all.keySet());
          return FlagPayloads.cairnFlags(all, all);
        });
  }

  /** The {@code context} argument (a JSON object text) as attributes; absent = none. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> clientAttributes(Object json) {
    if (json == null) {
      return Map.of();
    }
    Object tree;
    try {
      tree = FlagJson.read(String.valueOf(json));
    } catch (RuntimeException e) {
      tree = null;
    }
    if (!(tree instanceof Map<?, ?>)) {
      throw GraphqlErrorException.newErrorException()
          .message(
              "context must be a JSON object of attributes, such as {\"appVersion\":\"2.1.0\"}")
          .extensions(Map.of("errorType", ErrorType.BAD_REQUEST.wireName()))
          .build();
    }
    return (Map<String, Object>) tree;
  }

  /**
   * A checked {@code _cairnOnFlagsChanged} operation, ready to render payloads: {@code query} and
   * {@code variables} are what rendering needs (the selection, without the root field's arguments
   * and the variables only they used), so subscribers who differ only in their {@code context}
   * render identically and the fan-out renders once for all of them.
   */
  record SubscriptionPlan(
      String query, Map<String, Object> variables, Map<String, Object> context, boolean initial) {
    /** {@code {"data":{"_cairnOnFlagsChanged":{...}}}} for a CairnFlags object, as JSON. */
    String render(Map<String, Object> cairnFlags) {
      ExecutionResult result =
          FLAGS_ONLY.execute(
              ExecutionInput.newExecutionInput()
                  .query(query)
                  .variables(variables)
                  .graphQLContext(Map.of(PAYLOAD, cairnFlags))
                  .build());
      return JsonOutput.write(result.toSpecification());
    }
  }

  /** Whether {@code query} is a subscription to {@code _cairnOnFlagsChanged}. */
  static boolean isFlagSubscription(String query) {
    if (query == null || !query.contains(SUBSCRIPTION_FIELD)) {
      return false;
    }
    try {
      return rootField(Parser.parse(query)) != null;
    } catch (InvalidSyntaxException e) {
      return false;
    }
  }

  private static Field rootField(Document document) {
    List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
    if (operations.size() != 1
        || operations.get(0).getOperation() != OperationDefinition.Operation.SUBSCRIPTION) {
      return null;
    }
    SelectionSet roots = operations.get(0).getSelectionSet();
    if (roots.getSelections().size() == 1
        && roots.getSelections().get(0) instanceof Field root
        && root.getName().equals(SUBSCRIPTION_FIELD)) {
      return root;
    }
    return null;
  }

  /**
   * Checks a {@code _cairnOnFlagsChanged} operation and turns it into the query that renders its
   * payloads (the same selection on {@code _cairnFlags}, aliased to the subscription's field).
   *
   * @throws IllegalArgumentException naming what is wrong with the operation
   */
  @SuppressWarnings("unchecked")
  static SubscriptionPlan plan(String subscription, Map<String, Object> variables) {
    Document document = Parser.parse(subscription);
    Field root = rootField(document);
    if (root == null) {
      throw new IllegalArgumentException(
          "send exactly one subscription operation selecting only " + SUBSCRIPTION_FIELD);
    }
    String alias = root.getAlias() != null ? root.getAlias() : root.getName();
    Field asQuery = root.transform(b -> b.name(QUERY_FIELD).alias(alias));
    Document rewritten =
        document.transform(
            d ->
                d.definitions(
                    document.getDefinitions().stream()
                        .map(
                            def ->
                                def instanceof OperationDefinition op
                                    ? op.transform(
                                        o ->
                                            o.operation(OperationDefinition.Operation.QUERY)
                                                .selectionSet(
                                                    SelectionSet.newSelectionSet()
                                                        .selection(asQuery)
                                                        .build()))
                                    : def)
                        .toList()));
    String query = AstPrinter.printAst(rewritten);
    Document forRendering = withoutRootArguments(rewritten);
    Map<String, Object> captured = new HashMap<>();
    ExecutionResult check =
        FLAGS_ONLY.execute(
            ExecutionInput.newExecutionInput()
                .query(query)
                .variables(variables)
                .graphQLContext(
                    Map.of(PAYLOAD, FlagPayloads.cairnFlags(Map.of(), Map.of()), CAPTURE, captured))
                .build());
    if (!check.getErrors().isEmpty()) {
      throw new IllegalArgumentException(check.getErrors().get(0).getMessage());
    }
    List<String> used =
        forRendering
            .getDefinitionsOfType(OperationDefinition.class)
            .get(0)
            .getVariableDefinitions()
            .stream()
            .map(VariableDefinition::getName)
            .toList();
    Map<String, Object> renderVariables = new HashMap<>();
    if (variables != null) {
      variables.forEach(
          (name, value) -> {
            if (used.contains(name)) {
              renderVariables.put(name, value);
            }
          });
    }
    return new SubscriptionPlan(
        AstPrinter.printAst(forRendering),
        renderVariables,
        clientAttributes(captured.get("context")),
        Boolean.TRUE.equals(captured.get("initial")));
  }

  /**
   * {@code document} with the root field's arguments removed (their values are captured already;
   * rendering ignores them) and the variable definitions nothing else uses.
   */
  private static Document withoutRootArguments(Document document) {
    OperationDefinition op = document.getDefinitionsOfType(OperationDefinition.class).get(0);
    Field root = (Field) op.getSelectionSet().getSelections().get(0);
    Field bare = root.transform(b -> b.arguments(List.of()));
    OperationDefinition withoutDefinitions =
        op.transform(
            o ->
                o.selectionSet(SelectionSet.newSelectionSet().selection(bare).build())
                    .variableDefinitions(List.of()));
    String body = AstPrinter.printAst(replaceOperation(document, withoutDefinitions));
    List<VariableDefinition> kept =
        op.getVariableDefinitions().stream()
            .filter(
                d ->
                    Pattern.compile("\\$" + Pattern.quote(d.getName()) + "(?![_0-9A-Za-z])")
                        .matcher(body)
                        .find())
            .toList();
    return replaceOperation(
        document, withoutDefinitions.transform(o -> o.variableDefinitions(kept)));
  }

  private static Document replaceOperation(Document document, OperationDefinition operation) {
    return document.transform(
        d ->
            d.definitions(
                document.getDefinitions().stream()
                    .map(def -> def instanceof OperationDefinition ? operation : def)
                    .toList()));
  }

  private static GraphQL flagsOnlySchema() {
    String sdl =
        "scalar AWSJSON\n"
            // the subscription's arguments, which the rewritten query keeps
            + "type Query {\n  _cairnFlags(context: AWSJSON, initial: Boolean): CairnFlags!\n}\n"
            + "type Subscription {\n  "
            + ApiSchemaBuilder.CAIRN_SUBSCRIPTION_FIELDS
            + "\n}\n"
            + ApiSchemaBuilder.CAIRN_TYPES;
    DataFetcher<Object> payload =
        env -> {
          GraphQLContext context = env.getGraphQlContext();
          Map<String, Object> capture = context.get(CAPTURE);
          if (capture != null && env.getArgument("context") != null) {
            capture.put("context", env.getArgument("context"));
          }
          if (capture != null && env.getArgument("initial") != null) {
            capture.put("initial", env.getArgument("initial"));
          }
          return context.get(PAYLOAD);
        };
    RuntimeWiring.Builder wiring =
        RuntimeWiring.newRuntimeWiring()
            .type(TypeRuntimeWiring.newTypeWiring("Query").dataFetcher(QUERY_FIELD, payload));
    AwsScalars.all().stream().filter(s -> s.getName().equals("AWSJSON")).forEach(wiring::scalar);
    return GraphQL.newGraphQL(
            new SchemaGenerator()
                .makeExecutableSchema(new SchemaParser().parse(sdl), wiring.build()))
        .build();
  }
}
