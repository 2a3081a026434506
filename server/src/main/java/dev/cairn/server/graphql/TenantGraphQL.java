package dev.cairn.server.graphql;

import dev.cairn.server.ErrorType;
import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.AuthorizationPolicy;
import dev.cairn.server.flags.FlagGraphQL;
import dev.cairn.spec.ApiSchema;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.SchemaHash;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.introspection.Introspection;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.parser.exceptions.ParseCancelledException;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The executable GraphQL API of one (tenant, schema version): AppSync's generated schema with data
 * fetchers on the tenant's {@link DataPlane}, request limits, and AppSync-shaped responses. Built
 * once per schema version and reused for every request; thread-safe.
 *
 * <p>It does not authenticate: the HTTP or realtime layer establishes the caller and passes it to
 * {@link #execute}. It authorizes: the data fetchers apply the tenant's {@code @auth} rules (the
 * {@link AuthorizationPolicy} it is built with) to that caller for every model and field a request
 * touches.
 */
public final class TenantGraphQL {
  /** The GraphQL context key of the authenticated caller. */
  public static final String CALLER = "cairn.caller";

  /** Distinct request documents kept parsed and validated per schema version. */
  private static final int DOCUMENTS_CACHED = 512;

  private final TenantId tenant;
  private final GraphQL graphQL;
  private final RequestLimits limits;
  private final TenantSubscriptions subscriptions;
  private final boolean introspection;
  private final DocumentCache documents;
  private final RelationLoaders loaders;

  private TenantGraphQL(
      TenantId tenant,
      GraphQL graphQL,
      DocumentCache documents,
      RequestLimits limits,
      ModelSchema schema,
      RelationLoaders loaders,
      DataPlane plane,
      boolean introspection) {
    this.tenant = tenant;
    this.loaders = loaders;
    this.introspection = introspection;
    this.graphQL = graphQL;
    this.documents = documents;
    this.limits = limits;
    this.subscriptions = new TenantSubscriptions(this, graphQL, schema, plane);
  }

  public static TenantGraphQL build(
      TenantId tenant,
      ModelSchema schema,
      DataPlane plane,
      AuthorizationPolicy policy,
      RequestLimits limits) {
    return build(tenant, schema, plane, policy, limits, true);
  }

  /**
   * @param introspection whether introspection queries ({@code __schema}, {@code __type}) are
   *     answered; the tenant's switch
   */
  public static TenantGraphQL build(
      TenantId tenant,
      ModelSchema schema,
      DataPlane plane,
      AuthorizationPolicy policy,
      RequestLimits limits,
      boolean introspection) {
    RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring();
    TypeRuntimeWiring.Builder query = TypeRuntimeWiring.newTypeWiring("Query");
    TypeRuntimeWiring.Builder mutation = TypeRuntimeWiring.newTypeWiring("Mutation");
    TypeRuntimeWiring.Builder subscription = TypeRuntimeWiring.newTypeWiring("Subscription");
    new ModelFetchers(tenant, schema, plane, policy).wire(wiring, query, mutation);
    TenantSubscriptions.wire(schema, subscription);
    String hash = SchemaHash.of(schema);
    query.dataFetcher("_cairnSchemaHash", env -> hash);
    FlagGraphQL.wire(tenant, query);
    wiring.type(query).type(mutation).type(subscription);
    DocumentCache documents = new DocumentCache(DOCUMENTS_CACHED);
    GraphQL graphQL =
        GraphQL.newGraphQL(ApiSchema.of(schema).graphQLSchema(wiring))
            .preparsedDocumentProvider(documents)
            .instrumentation(
                new OperationLimitsInstrumentation(
                    schema.models().stream().map(Model::name).collect(Collectors.toSet()), limits))
            .defaultDataFetcherExceptionHandler(new AppSyncExceptionHandler())
            .build();
    return new TenantGraphQL(
        tenant,
        graphQL,
        documents,
        limits,
        schema,
        new RelationLoaders(tenant, schema, plane, policy),
        plane,
        introspection);
  }

  public TenantId tenant() {
    return tenant;
  }

  /** Whether introspection is answered. */
  public boolean introspection() {
    return introspection;
  }

  private Map<String, Object> context(
      AppIdentity caller, SyncedRecords synced, SyncEstimates estimates) {
    Map<String, Object> context = new HashMap<>();
    context.put(SyncedRecords.CONTEXT_KEY, synced);
    if (estimates != null) {
      context.put(SyncEstimates.CONTEXT_KEY, estimates);
    }
    if (caller != null) {
      context.put(CALLER, caller);
    }
    if (!introspection) {
      context.put(Introspection.INTROSPECTION_DISABLED, true);
    }
    return context;
  }

  /** The subscription side of this API, for realtime. */
  public TenantSubscriptions subscriptions() {
    return subscriptions;
  }

  /**
   * Runs one request (queries and mutations; subscriptions go through realtime) for an
   * authenticated caller, whom the data fetchers find in the GraphQL context under {@link #CALLER}
   * to apply {@code @auth}.
   *
   * @return the response body as AppSync shapes it
   */
  public Map<String, Object> execute(
      String query, Map<String, Object> variables, AppIdentity caller) {
    return execute(query, variables, caller, new SyncedRecords());
  }

  /**
   * Runs one request as {@link #execute(String, Map, AppIdentity)} does, and adds the records its
   * sync queries return to {@code synced}.
   */
  public Map<String, Object> execute(
      String query, Map<String, Object> variables, AppIdentity caller, SyncedRecords synced) {
    return execute(query, variables, caller, synced, null);
  }

  /**
   * Runs one request as {@link #execute(String, Map, AppIdentity, SyncedRecords)} does; when {@code
   * estimates} is given (the client asked for them), the sync queries that start a sync estimate
   * their totals into it and the response carries them as the {@link SyncEstimates#EXTENSION}
   * extension.
   *
   * @param estimates null when the client did not ask
   */
  public Map<String, Object> execute(
      String query,
      Map<String, Object> variables,
      AppIdentity caller,
      SyncedRecords synced,
      SyncEstimates estimates) {
    try {
      if (query != null && documents.knowsRequest(query)) {
        // it passed the limits and checks below before
        return run(query, variables, caller, synced, estimates);
      }
      Document document = parse(query);
      boolean subscription =
          document.getDefinitionsOfType(OperationDefinition.class).stream()
              .anyMatch(o -> o.getOperation() == OperationDefinition.Operation.SUBSCRIPTION);
      if (subscription) {
        return AppSyncResponse.refused(
            ErrorType.BAD_REQUEST.wireName(),
            "subscriptions are served over the realtime endpoint (<graphql endpoint>/realtime)");
      }
    } catch (GraphQLRequestException e) {
      return AppSyncResponse.refused(e.errorType(), e.getMessage());
    }
    return run(query, variables, caller, synced, estimates);
  }

  private Map<String, Object> run(
      String query,
      Map<String, Object> variables,
      AppIdentity caller,
      SyncedRecords synced,
      SyncEstimates estimates) {
    ExecutionInput input =
        ExecutionInput.newExecutionInput()
            .query(query)
            .variables(variables == null ? Map.of() : variables)
            .graphQLContext(context(caller, synced, estimates))
            .dataLoaderRegistry(loaders.registry(caller))
            .build();
    Map<String, Object> body = AppSyncResponse.of(graphQL.execute(input));
    if (estimates != null && !estimates.totals().isEmpty()) {
      body.put("extensions", Map.of(SyncEstimates.EXTENSION, estimates.totals()));
    }
    return body;
  }

  /**
   * Parses a request within the limits (size, tokens, aliases, root fields).
   *
   * @throws GraphQLRequestException naming the limit or the syntax error
   */
  Document parse(String query) throws GraphQLRequestException {
    if (query == null || query.isBlank()) {
      throw new GraphQLRequestException(
          ErrorType.BAD_REQUEST.wireName(), "the request has no query");
    }
    if (query.length() > limits.maxQueryChars()) {
      throw new GraphQLRequestException(
          ErrorType.BAD_REQUEST.wireName(),
          "the query has "
              + query.length()
              + " characters; the limit is "
              + limits.maxQueryChars());
    }
    Document document;
    try {
      document =
          new Parser()
              .parseDocument(
                  ParserEnvironment.newParserEnvironment()
                      .document(query)
                      .parserOptions(
                          ParserOptions.getDefaultOperationParserOptions()
                              .transform(o -> o.maxTokens(limits.maxTokens())))
                      .build());
    } catch (ParseCancelledException e) {
      throw new GraphQLRequestException(ErrorType.BAD_REQUEST.wireName(), e.getMessage());
    } catch (InvalidSyntaxException e) {
      throw new GraphQLRequestException("InvalidSyntax", e.getMessage());
    }
    QueryShape shape = QueryShape.of(document);
    if (shape.aliases() > limits.maxAliases()) {
      throw new GraphQLRequestException(
          ErrorType.BAD_REQUEST.wireName(),
          "the query uses " + shape.aliases() + " aliases; the limit is " + limits.maxAliases());
    }
    if (shape.maxRootFields() > limits.maxRootFields()) {
      throw new GraphQLRequestException(
          ErrorType.BAD_REQUEST.wireName(),
          "the operation has "
              + shape.maxRootFields()
              + " root fields; the limit is "
              + limits.maxRootFields());
    }
    return document;
  }
}
