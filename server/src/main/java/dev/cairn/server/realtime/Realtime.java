package dev.cairn.server.realtime;

import dev.cairn.server.ErrorType;
import dev.cairn.server.TenantId;
import dev.cairn.server.observability.LogContext;
import dev.cairn.server.realtime.websocket.Handshake;
import dev.cairn.server.realtime.websocket.SendThreads;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

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
  private final SubscriptionRegistry registry;
  private final FanOut fanOut;
  private final Admission admission;
  private final SendThreads sendThreads;
  private final FileBudget files;
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
    this(backend, limits, clock, sendThreads, FileBudget.UNLIMITED);
  }

  /**
   * @param sendThreads the threads that write every connection's frames, so that the change feed
   *     only queues them; null to write on the sending thread
   * @param files the process's file descriptors, which every new connection is charged to
   */
  public Realtime(
      SubscriptionBackend backend,
      RealtimeLimits limits,
      Clock clock,
      SendThreads sendThreads,
      FileBudget files) {
    this.sendThreads = sendThreads;
    this.files = files;
    this.backend = backend;
    this.limits = limits;
    this.clock = clock;
    this.registry = new SubscriptionRegistry(clock);
    this.fanOut = new FanOut(registry);
    this.admission = new Admission(limits, clock);
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

  /** Opens a session for an upgrade request from an unknown address (for tests). */
  public RealtimeSession open(TenantId tenant, List<String> offeredProtocols, String queryString)
      throws RealtimeException {
    return open(tenant, offeredProtocols, queryString, "unknown");
  }

  /**
   * Opens a session for an upgrade request. Nothing is charged to the tenant yet: the connection
   * has not authenticated. Its remote address is charged instead ({@link Admission}).
   *
   * @param offeredProtocols the client's {@code Sec-WebSocket-Protocol} values
   * @param queryString the request's query (legacy clients send auth there)
   * @param remoteAddress the client's address
   * @return the session to attach to the upgraded connection
   * @throws RealtimeException with {@code BadRequestException} when no served subprotocol is
   *     offered or the auth headers cannot be read, {@code LimitExceededException} when the address
   *     opens connections too fast or holds too many that have not authenticated, or when the
   *     process has no file descriptors to spare ({@link FileBudget})
   */
  public RealtimeSession open(
      TenantId tenant, List<String> offeredProtocols, String queryString, String remoteAddress)
      throws RealtimeException {
    Optional<String> protocol = Handshake.select(offeredProtocols, PROTOCOLS);
    if (protocol.isEmpty()) {
      throw refused(
          tenant,
          remoteAddress,
          400,
          Level.INFO,
          new RealtimeException(
              ErrorType.BAD_REQUEST.wireName(),
              "offer the subprotocol graphql-ws (AppSync) or graphql-transport-ws"));
    }
    Map<String, String> headers = ConnectAuth.from(offeredProtocols, queryString);
    if (!files.tryAdmit()) {
      throw refused(
          tenant,
          remoteAddress,
          429,
          Level.WARNING,
          new RealtimeException(
              ErrorType.LIMIT_EXCEEDED.wireName(),
              "this node has no file descriptors to spare for another realtime connection ("
                  + files.reserve()
                  + " of its "
                  + files.max()
                  + " are kept for requests and the database); retry shortly or on another"
                  + " node"));
    }
    try {
      admission.openPending(remoteAddress);
    } catch (RealtimeException e) {
      throw refused(tenant, remoteAddress, 429, Level.WARNING, e);
    }
    RealtimeSession session =
        protocol.get().equals(AppSyncSession.PROTOCOL)
            ? new AppSyncSession(
                tenant, backend, registry, limits, headers, clock, admission, remoteAddress)
            : new TransportWsSession(
                tenant, backend, registry, limits, headers, clock, admission, remoteAddress);
    session.sendThreads(sendThreads);
    return session;
  }

  /** Logs an upgrade refused before a session exists (the HTTP status the endpoint answers). */
  private RealtimeException refused(
      TenantId tenant, String remoteAddress, int status, Level level, RealtimeException e) {
    LogContext upgrade = LogContext.current();
    registry
        .closeLog()
        .closed(
            tenant,
            upgrade != null ? upgrade.requestId() : "(upgrade)",
            status,
            "upgrade from " + remoteAddress + " refused: " + e.getMessage(),
            level);
    return e;
  }

  /** Who may connect; for tests. */
  Admission admission() {
    return admission;
  }

  /**
   * Checks every open subscription again: ends those whose credentials ended (a token past its
   * {@code exp}, a revoked or expired API key) with AppSync's {@code error}, closes connections
   * whose own credentials ended, and compiles again (so authorizes again) those made against a
   * schema that is no longer the tenant's active one. Call about every second from one thread.
   */
  public void recheck() {
    Recheck round = new Recheck(backend, clock.instant());
    for (RealtimeSession session : registry.sessions()) {
      try {
        session.recheck(round);
      } catch (RuntimeException e) {
        Logger.getLogger(Realtime.class.getName())
            .log(Level.WARNING, "rechecking a realtime session failed", e);
      }
    }
  }

  /**
   * Ends at once the subscriptions and connections of {@code tenant} made with a credential that
   * was just revoked on this node, e.g. {@code apikey:<key id>} (other nodes find out through
   * {@link #recheck}).
   */
  public void revoked(TenantId tenant, String credential) {
    for (RealtimeSession session : registry.sessions()) {
      if (session.tenant().equals(tenant)) {
        session.revoked(credential, "the credentials of this subscription were revoked");
      }
    }
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
    Map<TenantId, Integer> open = registry.connectionsByTenant();
    if (!registry.sessions().isEmpty()) {
      Logger.getLogger(CloseLog.LOGGER)
          .info(
              "closing "
                  + registry.sessions().size()
                  + " realtime connection(s) ("
                  + code
                  + ": "
                  + reason
                  + "); authenticated ones by tenant: "
                  + open);
    }
    for (RealtimeSession session : registry.sessions()) {
      session.closeConnection(code, reason);
    }
  }
}
