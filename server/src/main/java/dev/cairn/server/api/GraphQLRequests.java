package dev.cairn.server.api;

import dev.cairn.server.ErrorType;
import dev.cairn.server.JsonJava;
import dev.cairn.server.TenantId;
import dev.cairn.server.Unproxied;
import dev.cairn.server.auth.AppAuthenticator;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.UnauthorizedException;
import dev.cairn.server.graphql.AppSyncResponse;
import dev.cairn.server.graphql.JsonOutput;
import dev.cairn.server.graphql.RequestRates;
import dev.cairn.server.graphql.SyncEstimates;
import dev.cairn.server.graphql.SyncedRecords;
import dev.cairn.server.graphql.TenantApis;
import dev.cairn.server.graphql.TenantGraphQL;
import dev.cairn.server.observability.GraphQLTracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The work of one {@code POST /t/{tenant}/graphql} request once its HTTP layer has routed it: the
 * caller is authenticated against <em>this</em> tenant's issuers and API keys before anything else,
 * charged against its request rate, and the body then runs on the tenant's active schema version,
 * with {@code @auth} applied by the data fetchers. Errors have AppSync's shapes (APPSYNC.md §6).
 * Both HTTP layers call it, so they answer alike: {@link GraphQLServlet} (the Servlet path) and
 * {@link GraphQLListener} (below the Servlet layer). Thread-safe.
 */
@ApplicationScoped
public class GraphQLRequests {
  /** AppSync's own request limit is 1 MB; a sync client never comes near it. */
  public static final int MAX_BODY_BYTES = 1_048_576;

  @Inject AppAuthenticator authenticator;
  @Inject TenantApis apis;
  @Inject RequestRates rates;
  @Inject GraphQLTracing tracing;

  /** The request's body, read only once the caller is authenticated and within its rate. */
  @FunctionalInterface
  public interface Body {
    /** The body as UTF-8, or empty when it is missing or larger than {@link #MAX_BODY_BYTES}. */
    Optional<String> read() throws IOException;
  }

  /**
   * An answer: its status, extra headers ({@code Retry-After}), JSON body, and for the traffic
   * figures whether a 200 carries GraphQL errors and how many records its sync queries returned.
   */
  public record Answer(
      int status, Map<String, String> headers, byte[] json, boolean graphqlErrors, int synced) {
    /** An error answer with AppSync's body ({@code errors} with one error of {@code type}). */
    public static Answer error(int status, String type, String message) {
      return error(status, type, message, Map.of());
    }

    static Answer error(int status, String type, String message, Map<String, String> headers) {
      byte[] json =
          JsonOutput.write(Map.of("errors", AppSyncResponse.errors(type, message)))
              .getBytes(StandardCharsets.UTF_8);
      return new Answer(status, headers, json, false, 0);
    }
  }

  /**
   * Creates this bean and its tracing, and from then on calls the beans it needs directly (see
   * {@link ListenerAnswers#prepare}).
   *
   * @return this bean itself, not its client proxy
   */
  public Unproxied<GraphQLRequests> prepare() {
    tracing.prepare();
    tracing = tracing.instance().bean();
    authenticator = authenticator.instance().bean();
    apis = apis.instance().bean();
    rates = rates.instance().bean();
    return new Unproxied<>(this);
  }

  /**
   * Answers a GraphQL request to {@code tenant}.
   *
   * @param path the request's path as sent (for the trace)
   * @param header the request's header values by name (case-insensitive), null when absent
   */
  public Answer answer(TenantId tenant, String path, Function<String, String> header, Body body)
      throws IOException {
    return tracing.trace(
        header, path, tenant.slug(), () -> handle(tenant, header, body), Answer::status);
  }

  private Answer handle(TenantId tenant, Function<String, String> header, Body body)
      throws IOException {
    AppIdentity caller;
    try {
      caller = authenticator.authenticate(tenant, credentials(header));
    } catch (UnauthorizedException e) {
      return Answer.error(401, e.errorType(), e.getMessage());
    }
    Optional<RequestRates.Refusal> throttled = rates.charge(caller);
    if (throttled.isPresent()) {
      return Answer.error(
          429,
          ErrorType.THROTTLING.wireName(),
          throttled.get().message(),
          Map.of("Retry-After", String.valueOf(throttled.get().retryAfterSeconds())));
    }
    Optional<String> text = body.read();
    if (text.isEmpty()) {
      return Answer.error(
          400,
          ErrorType.BAD_REQUEST.wireName(),
          "the request body must be a JSON object of at most " + MAX_BODY_BYTES + " bytes");
    }
    JsonObject parsed;
    try {
      parsed = JsonJava.readObject(text.get());
    } catch (JsonException | ClassCastException e) {
      return Answer.error(
          400,
          ErrorType.BAD_REQUEST.wireName(),
          "the request body is not a JSON object {\"query\", \"variables\"}: " + e.getMessage());
    }
    Optional<TenantGraphQL> api = apis.active(tenant);
    if (api.isEmpty()) {
      return Answer.error(
          400,
          ErrorType.BAD_REQUEST.wireName(),
          "tenant `" + tenant.slug() + "` has no active schema; publish one through the admin API");
    }
    JsonValue query = parsed.get("query");
    SyncedRecords synced = new SyncedRecords();
    Map<String, Object> result =
        api.get()
            .execute(
                query instanceof JsonString s ? s.getString() : null,
                variables(parsed.get("variables")),
                caller,
                synced,
                estimatesAsked(parsed.get("extensions")) ? new SyncEstimates() : null);
    return new Answer(
        200,
        Map.of(),
        JsonOutput.write(result).getBytes(StandardCharsets.UTF_8),
        result.get("errors") instanceof List<?> errors && !errors.isEmpty(),
        synced.count());
  }

  /**
   * Whether the request's {@code extensions} ask for sync estimates ({@code {"cairnSyncEstimate":
   * true}}, see {@link SyncEstimates}); anything else there is ignored, as GraphQL over HTTP
   * allows.
   */
  private static boolean estimatesAsked(JsonValue extensions) {
    if (!(extensions instanceof JsonObject object)) {
      return false;
    }
    JsonValue asked = object.get(SyncEstimates.EXTENSION);
    return asked != null && asked.getValueType() == JsonValue.ValueType.TRUE;
  }

  private static Map<String, Object> variables(JsonValue value) {
    if (!(value instanceof JsonObject object)) {
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> variables = (Map<String, Object>) JsonJava.toJava(object);
    return variables;
  }

  /**
   * The two headers {@link AppAuthenticator} reads ({@code Authorization}, {@code x-api-key}),
   * first value each; copying every header into a map was a measured share of a request's CPU
   * (issue 18).
   */
  private static Map<String, String> credentials(Function<String, String> header) {
    Map<String, String> credentials = new HashMap<>(4);
    for (String name : AppAuthenticator.CREDENTIAL_HEADERS) {
      String value = header.apply(name);
      if (value != null) {
        credentials.put(name, value);
      }
    }
    return credentials;
  }
}
