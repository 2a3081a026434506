package dev.cairn.server.realtime;

import dev.cairn.server.TenantId;
import dev.cairn.server.realtime.websocket.Handshake;
import dev.cairn.server.realtime.websocket.SendThreads;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This node's realtime service: opens sessions for accepted upgrades, keeps them alive, and fans
 * changes out to them. Thread-safe. The HTTP endpoint (in {@code dev.cairn.server.api}) does the
 * upgrade; the change feed calls {@link #fanOut()}.
 */
public final class Realtime {
  /** The subprotocols served, in order of preference. */
  public static final List<String> PROTOCOLS =
      List.of(AppSyncSession.PROTOCOL, TransportWsSession.PROTOCOL);

  private final SubscriptionBackend backend;
  private final RealtimeLimits limits;
  private final Clock clock;
  private final SubscriptionRegistry registry = new SubscriptionRegistry();
  private final FanOut fanOut = new FanOut(registry);
  private final ConnectionRate rate;
  private final SendThreads sendThreads;
  private long lastKeepAlive;

  /** Realtime whose connections are written by the threads that send to them (for tests). */
  public Realtime(SubscriptionBackend backend, RealtimeLimits limits, Clock clock) {
    this(backend, limits, clock, null);
  }

  /**
   * @param sendThreads the threads that write every connection's frames, so that the change feed
   *     only queues them; null to write on the sending thread
   */
  public Realtime(
      SubscriptionBackend backend, RealtimeLimits limits, Clock clock, SendThreads sendThreads) {
    this.sendThreads = sendThreads;
    this.backend = backend;
    this.limits = limits;
    this.clock = clock;
    this.rate = new ConnectionRate(limits.connectionsPerSecondPerTenant(), clock);
    this.lastKeepAlive = clock.millis();
  }

  public RealtimeLimits limits() {
    return limits;
  }

  public SubscriptionRegistry registry() {
    return registry;
  }

  public FanOut fanOut() {
    return fanOut;
  }

  /**
   * Opens a session for an upgrade request.
   *
   * @param offeredProtocols the client's {@code Sec-WebSocket-Protocol} values
   * @param queryString the request's query (legacy clients send auth there)
   * @return the session to attach to the upgraded connection
   * @throws RealtimeException with {@code BadRequestException} when no served subprotocol is
   *     offered or the auth headers cannot be read, {@code LimitExceededException} when the tenant
   *     opens connections too fast
   */
  public RealtimeSession open(TenantId tenant, List<String> offeredProtocols, String queryString)
      throws RealtimeException {
    Optional<String> protocol = Handshake.select(offeredProtocols, PROTOCOLS);
    if (protocol.isEmpty()) {
      throw new RealtimeException(
          "BadRequestException",
          "offer the subprotocol graphql-ws (AppSync) or graphql-transport-ws");
    }
    if (!rate.tryAcquire(tenant)) {
      throw new RealtimeException(
          "LimitExceededException",
          "tenant " + tenant.slug() + " opens realtime connections too fast; retry shortly");
    }
    Map<String, String> headers = ConnectAuth.from(offeredProtocols, queryString);
    RealtimeSession session =
        protocol.get().equals(AppSyncSession.PROTOCOL)
            ? new AppSyncSession(tenant, backend, registry, limits, headers, clock)
            : new TransportWsSession(tenant, backend, registry, limits, headers, clock);
    session.sendThreads(sendThreads);
    return session;
  }

  /**
   * Closes sessions that never initialised and, once per keep-alive interval, sends every session
   * its keep-alive. Call every few seconds from one thread.
   */
  public void tick() {
    long now = clock.millis();
    boolean keepAlive = now - lastKeepAlive >= limits.keepAliveInterval().toMillis();
    if (keepAlive) {
      lastKeepAlive = now;
    }
    for (RealtimeSession session : registry.sessions()) {
      session.tick(now, keepAlive);
    }
  }

  /** Closes every session, e.g. when the node stops; clients reconnect elsewhere. */
  public void closeAll(int code, String reason) {
    for (RealtimeSession session : registry.sessions()) {
      session.closeConnection(code, reason);
    }
  }
}
