package dev.cairn.server.api;

import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppAuthenticator;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.UnauthorizedException;
import dev.cairn.server.graphql.JsonOutput;
import dev.cairn.server.graphql.TenantApis;
import dev.cairn.server.graphql.TenantGraphQL;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /t/{tenant}/graphql}: a tenant's AppSync-compatible GraphQL API. The caller is
 * authenticated against <em>this</em> tenant's issuers and API keys before anything else; the
 * request then runs on the tenant's active schema version, with {@code @auth} applied by the data
 * fetchers. Errors have AppSync's shapes (APPSYNC.md §6).
 */
@Path("t/{tenant}/graphql")
@RequestScoped
public class GraphQLEndpoint {
  /** AppSync's own request limit is 1 MB; a sync client never comes near it. */
  static final int MAX_BODY_CHARS = 1_048_576;

  @Inject AppAuthenticator authenticator;
  @Inject TenantApis apis;

  @POST
  public Response execute(
      @PathParam("tenant") String slug, @Context HttpHeaders headers, String body) {
    if (TenantId.problemWith(slug) != null) {
      return error(Response.Status.NOT_FOUND, "NotFound", "no tenant `" + slug + "`");
    }
    TenantId tenant = TenantId.of(slug);
    AppIdentity caller;
    try {
      caller = authenticator.authenticate(tenant, single(headers));
    } catch (UnauthorizedException e) {
      return error(Response.Status.UNAUTHORIZED, e.errorType(), e.getMessage());
    }
    if (body == null || body.length() > MAX_BODY_CHARS) {
      return error(
          Response.Status.BAD_REQUEST,
          "BadRequestException",
          "the request body must be a JSON object of at most " + MAX_BODY_CHARS + " characters");
    }
    JsonObject request;
    try {
      request = JsonJava.readObject(body);
    } catch (JsonException | ClassCastException e) {
      return error(
          Response.Status.BAD_REQUEST,
          "BadRequestException",
          "the request body is not a JSON object {\"query\", \"variables\"}: " + e.getMessage());
    }
    Optional<TenantGraphQL> api = apis.active(tenant);
    if (api.isEmpty()) {
      return error(
          Response.Status.BAD_REQUEST,
          "BadRequestException",
          "tenant `" + slug + "` has no active schema; publish one through the admin API");
    }
    JsonValue query = request.get("query");
    Map<String, Object> result =
        api.get()
            .execute(
                query instanceof JsonString s ? s.getString() : null,
                variables(request.get("variables")),
                caller);
    return Response.ok(JsonOutput.write(result), MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static Map<String, Object> variables(JsonValue value) {
    if (!(value instanceof JsonObject object)) {
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> variables = (Map<String, Object>) JsonJava.toJava(object);
    return variables;
  }

  private static Map<String, String> single(HttpHeaders headers) {
    Map<String, String> single = new LinkedHashMap<>();
    headers
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                single.put(name, values.get(0));
              }
            });
    return single;
  }

  private static Response error(Response.Status status, String errorType, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(
            JsonOutput.write(
                Map.of("errors", List.of(Map.of("errorType", errorType, "message", message)))))
        .build();
  }
}
