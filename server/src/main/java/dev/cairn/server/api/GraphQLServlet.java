package dev.cairn.server.api;

import dev.cairn.server.ErrorType;
import dev.cairn.server.JsonJava;
import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppAuthenticator;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.UnauthorizedException;
import dev.cairn.server.figures.TrafficFilter;
import dev.cairn.server.graphql.AppSyncResponse;
import dev.cairn.server.graphql.JsonOutput;
import dev.cairn.server.graphql.RequestRates;
import dev.cairn.server.graphql.SyncEstimates;
import dev.cairn.server.graphql.SyncedRecords;
import dev.cairn.server.graphql.TenantApis;
import dev.cairn.server.graphql.TenantGraphQL;
import dev.cairn.server.observability.GraphQLTracing;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /t/{tenant}/graphql}: a tenant's AppSync-compatible GraphQL API. The caller is
 * authenticated against <em>this</em> tenant's issuers and API keys before anything else; the
 * request then runs on the tenant's active schema version, with {@code @auth} applied by the data
 * fetchers. Errors have AppSync's shapes (APPSYNC.md §6).
 *
 * <p>A plain servlet rather than a JAX-RS resource: this is the hottest path of the server, and the
 * JAX-RS machinery around one method (routing, a request-scoped bean, entity providers) cost more
 * than the request's own work. The realtime upgrade on {@code /t/{tenant}/graphql/realtime} is
 * taken by {@link RealtimeEndpoint} before a request reaches this servlet.
 */
@WebServlet(urlPatterns = "/t/*")
public class GraphQLServlet extends HttpServlet {
  /** AppSync's own request limit is 1 MB; a sync client never comes near it. */
  static final int MAX_BODY_BYTES = 1_048_576;

  private static final Pattern PATH = Pattern.compile("/([^/]+)/graphql/?");

  @Inject AppAuthenticator authenticator;
  @Inject TenantApis apis;
  @Inject RequestRates rates;
  @Inject GraphQLTracing tracing;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      error(
          response,
          405,
          ErrorType.BAD_REQUEST.wireName(),
          request.getMethod() + " is not supported; send the GraphQL request as a POST");
      return;
    }
    doPost(request, response);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Matcher path = PATH.matcher(Optional.ofNullable(request.getPathInfo()).orElse(""));
    if (!path.matches()) {
      error(
          response,
          404,
          ErrorType.NOT_FOUND.wireName(),
          "no such endpoint; use POST /t/{tenant}/graphql");
      return;
    }
    String slug = path.group(1);
    if (TenantId.problemWith(slug) != null) {
      error(response, 404, ErrorType.NOT_FOUND.wireName(), "no tenant `" + slug + "`");
      return;
    }
    tracing.trace(request, response, slug, () -> handle(request, response, TenantId.of(slug)));
  }

  private void handle(HttpServletRequest request, HttpServletResponse response, TenantId tenant)
      throws IOException {
    String slug = tenant.slug();
    AppIdentity caller;
    try {
      caller = authenticator.authenticate(tenant, credentials(request));
    } catch (UnauthorizedException e) {
      error(response, 401, e.errorType(), e.getMessage());
      return;
    }
    Optional<RequestRates.Refusal> throttled = rates.charge(caller);
    if (throttled.isPresent()) {
      response.setHeader("Retry-After", String.valueOf(throttled.get().retryAfterSeconds()));
      error(response, 429, ErrorType.THROTTLING.wireName(), throttled.get().message());
      return;
    }
    Optional<String> body = body(request);
    if (body.isEmpty()) {
      error(
          response,
          400,
          ErrorType.BAD_REQUEST.wireName(),
          "the request body must be a JSON object of at most " + MAX_BODY_BYTES + " bytes");
      return;
    }
    JsonObject parsed;
    try {
      parsed = JsonJava.readObject(body.get());
    } catch (JsonException | ClassCastException e) {
      error(
          response,
          400,
          ErrorType.BAD_REQUEST.wireName(),
          "the request body is not a JSON object {\"query\", \"variables\"}: " + e.getMessage());
      return;
    }
    Optional<TenantGraphQL> api = apis.active(tenant);
    if (api.isEmpty()) {
      error(
          response,
          400,
          ErrorType.BAD_REQUEST.wireName(),
          "tenant `" + slug + "` has no active schema; publish one through the admin API");
      return;
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
    TrafficFilter.noteAnswer(
        request,
        result.get("errors") instanceof List<?> errors && !errors.isEmpty(),
        synced.count());
    write(response, 200, JsonOutput.write(result));
  }

  /** The body as UTF-8, or empty when it is missing or larger than {@link #MAX_BODY_BYTES}. */
  private static Optional<String> body(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      return Optional.empty();
    }
    try (InputStream in = request.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length == 0 || bytes.length > MAX_BODY_BYTES) {
        return Optional.empty();
      }
      return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }
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
  private static Map<String, String> credentials(HttpServletRequest request) {
    Map<String, String> credentials = new HashMap<>(4);
    for (String name : AppAuthenticator.CREDENTIAL_HEADERS) {
      String value = request.getHeader(name);
      if (value != null) {
        credentials.put(name, value);
      }
    }
    return credentials;
  }

  private static void error(HttpServletResponse response, int status, String type, String message)
      throws IOException {
    write(
        response,
        status,
        JsonOutput.write(Map.of("errors", AppSyncResponse.errors(type, message))));
  }

  private static void write(HttpServletResponse response, int status, String json)
      throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
