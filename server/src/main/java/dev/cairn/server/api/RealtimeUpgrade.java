package dev.cairn.server.api;

import dev.cairn.server.ErrorType;
import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppAuthenticator;
import dev.cairn.server.graphql.AppSyncResponse;
import dev.cairn.server.graphql.JsonOutput;
import dev.cairn.server.lifecycle.GracefulShutdown;
import dev.cairn.server.realtime.Realtime;
import dev.cairn.server.realtime.RealtimeException;
import dev.cairn.server.realtime.RealtimeService;
import dev.cairn.server.realtime.RealtimeSession;
import dev.cairn.server.realtime.websocket.Handshake;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an upgrade request to {@code /t/{tenant}/graphql/realtime} is answered: refused (unknown
 * tenant, bad handshake, over a limit) or switched to a realtime session. The one place for these
 * checks, on both paths an upgrade can take: below the Servlet layer ({@link RealtimeListener}, the
 * default, through {@link #answer}, which also refuses while the node drains, as {@code
 * DrainFilter} does) and the Servlet fallback ({@link RealtimeEndpoint}, through {@link #admit},
 * after {@code DrainFilter} admitted the request; see {@code cairn.realtime.upgrade-in-listener}).
 */
@ApplicationScoped
public class RealtimeUpgrade {
  private static final Pattern PATH = Pattern.compile("/t/([^/]+)/graphql/realtime/?");

  /**
   * What an upgrade to a tenant that does not exist is answered, before switching protocols: the
   * status and error type of a refused credential, and a message that says nothing of the tenant.
   */
  static final String NOT_AUTHORIZED =
      "Not Authorized: send valid credentials of this tenant (a token of a trusted issuer or an API"
          + " key)";

  @Inject RealtimeService service;
  @Inject AppAuthenticator authenticator;
  @Inject GracefulShutdown shutdown;

  /** The answer to an upgrade request. */
  public sealed interface Answer permits Refusal, Switch {}

  /**
   * A refused request: the HTTP status, the extra headers, and the JSON body ({@code errors} with
   * one error of {@code errorType}).
   */
  public record Refusal(int status, Map<String, String> headers, byte[] body) implements Answer {
    static Refusal of(int status, String errorType, String message, Map<String, String> headers) {
      String json = JsonOutput.write(Map.of("errors", AppSyncResponse.errors(errorType, message)));
      return new Refusal(status, headers, json.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * An accepted upgrade: answer 101 with {@code accept} and the session's subprotocol, then attach
   * the session to the connection with these limits.
   */
  public record Switch(
      RealtimeSession session, String accept, int maxMessageBytes, int maxQueuedBytes)
      implements Answer {}

  /** The tenant slug of a realtime path (within the context), or null for any other path. */
  public static String slugOf(String path) {
    Matcher matcher = PATH.matcher(path);
    return matcher.matches() ? matcher.group(1) : null;
  }

  /**
   * Answers an upgrade request to the realtime path of {@code slug} taken below the Servlet layer:
   * refused while the node drains, otherwise as {@link #admit} answers.
   *
   * @param header the request's header values by name (case-insensitive), null when absent
   * @param query the request's query string or null (legacy clients send auth there)
   */
  public Answer answer(
      String slug,
      String method,
      Function<String, String> header,
      String query,
      String remoteAddress) {
    if (!shutdown.requests().accepting()) {
      return Refusal.of(
          503,
          "ServiceUnavailable",
          "this node is shutting down; retry on another node",
          Map.of("Retry-After", "1", "Connection", "close"));
    }
    return admit(slug, method, header, query, remoteAddress);
  }

  /**
   * Answers an upgrade request to the realtime path of {@code slug} on a node that takes requests:
   * refused when the tenant is unknown, the handshake is not a valid WebSocket opening or a
   * connection limit is reached; otherwise switched. An accepted one has opened its session (and
   * charged its address, see {@code Admission}).
   *
   * @param header the request's header values by name (case-insensitive), null when absent
   * @param query the request's query string or null (legacy clients send auth there)
   */
  public Answer admit(
      String slug,
      String method,
      Function<String, String> header,
      String query,
      String remoteAddress) {
    if (TenantId.problemWith(slug) != null || !authenticator.knows(TenantId.of(slug))) {
      // Refused before the upgrade, so an unknown slug costs no connection, session or budget; and
      // answered as a refused credential is, so the answer does not tell which tenants exist.
      return Refusal.of(401, ErrorType.UNAUTHENTICATED.wireName(), NOT_AUTHORIZED, Map.of());
    }
    Handshake.Accepted accepted;
    try {
      accepted = Handshake.check(method, header);
    } catch (Handshake.Refused e) {
      return Refusal.of(
          e.status(),
          ErrorType.BAD_REQUEST.wireName(),
          e.getMessage(),
          e.status() == 426 ? Map.of("Sec-WebSocket-Version", "13") : Map.of());
    }
    Realtime realtime = service.realtime();
    try {
      RealtimeSession session =
          realtime.open(TenantId.of(slug), accepted.offeredProtocols(), query, remoteAddress);
      return new Switch(
          session,
          accepted.accept(),
          realtime.limits().maxMessageBytes(),
          realtime.limits().maxQueuedBytes());
    } catch (RealtimeException e) {
      int status = e.errorType().equals(ErrorType.LIMIT_EXCEEDED.wireName()) ? 429 : 400;
      return Refusal.of(status, e.errorType(), e.getMessage(), Map.of());
    }
  }
}
