package dev.cairn.spec;

import dev.cairn.spec.internal.api.ApiSchemaBuilder;
import dev.cairn.spec.internal.api.AwsScalars;
import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;

/**
 * The GraphQL schema an AppSync API exposes for a {@link ModelSchema}, as Amplify's transformer v2
 * generates it with DataStore conflict detection: {@code Model<M>Connection}, the filter, condition
 * and mutation inputs, {@code get/list/sync} queries, index queries, mutations with {@code
 * condition}, {@code onCreate/onUpdate/onDelete} subscriptions with {@code filter} and owner
 * arguments, plus Cairn's own root fields ({@code _cairnSchemaHash}, {@code _cairnFlags}, {@code
 * _cairnOnFlagsChanged}). Immutable and thread-safe.
 */
public final class ApiSchema {
  /** AppSync's built-ins, declared for graphql-java; AppSync itself rejects them in a schema. */
  static final String PRELUDE =
      """
      scalar AWSDate
      scalar AWSTime
      scalar AWSDateTime
      scalar AWSTimestamp
      scalar AWSEmail
      scalar AWSJSON
      scalar AWSURL
      scalar AWSPhone
      scalar AWSIPAddress
      directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
      """;

  private final String sdl;

  private ApiSchema(String sdl) {
    this.sdl = sdl;
  }

  public static ApiSchema of(ModelSchema schema) {
    Document document = Parser.parse(ApiSchemaBuilder.sdl(schema));
    return new ApiSchema(AstPrinter.printAst(document));
  }

  /**
   * The schema as SDL, in the form AppSync accepts: without declarations of the AWS scalars and of
   * {@code @aws_subscribe}, which AppSync predefines.
   */
  public String sdl() {
    return sdl;
  }

  /** A new registry of every type, including the AWS scalar and directive declarations. */
  public TypeDefinitionRegistry typeDefinitions() {
    return new SchemaParser().parse(PRELUDE + sdl);
  }

  /** An executable schema with the AWS scalars and no data fetchers (for validating documents). */
  public GraphQLSchema graphQLSchema() {
    return graphQLSchema(RuntimeWiring.newRuntimeWiring());
  }

  /** An executable schema from the caller's wiring (data fetchers), adding the AWS scalars. */
  public GraphQLSchema graphQLSchema(RuntimeWiring.Builder wiring) {
    AwsScalars.all().forEach(wiring::scalar);
    return new SchemaGenerator().makeExecutableSchema(typeDefinitions(), wiring.build());
  }
}
