package dev.cairn.server.realtime;

import dev.cairn.server.ErrorType;
import dev.cairn.server.JsonJava;
import dev.cairn.server.TenantId;
import dev.cairn.server.observability.LogContext;
import dev.cairn.server.realtime.SubscriptionRegistry.Registration;
import dev.cairn.server.realtime.websocket.CloseCodes;
import dev.cairn.server.realtime.websocket.Connection;
import dev.cairn.server.realtime.websocket.SendThreads;
import dev.cairn.server.realtime.websocket.WebSocketListener;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One realtime connection of one tenant: its state, its subscriptions, and what the two protocols
 * share. Messages of one connection are handled one at a time (the connection never overlaps its
 * calls); deliveries come from fan-out threads concurrently and only touch the connection.
 *
 * <p>A connection is charged to its remote address until it authenticates ({@link Admission}), and
 * to its tenant only once it has ({@link #admit}). Each subscription keeps what it was made with
 * (credentials, document, variables), so that it can be ended when its credentials end ({@link
 * #recheck}: a token's {@code exp}, a revoked or expired API key) and compiled again, which also
 * authorizes it again, when the tenant activates a new schema.
 */
public abstract class RealtimeSession implements WebSocketListener {
  private static final Logger LOG = Logger.getLogger(RealtimeSession.class.getName());

  /**
   * Close codes the transport itself sends when it ends a connection (RFC 6455 §7.4.1): a protocol
   * violation, data it cannot take, a message too big, a send queue the client does not read.
   */
  private static final Set<Integer> TRANSPORT_CLOSES =
      Set.of(
          CloseCodes.PROTOCOL_ERROR,
          CloseCodes.UNSUPPORTED_DATA,
          CloseCodes.INVALID_PAYLOAD,
          CloseCodes.POLICY_VIOLATION,
          CloseCodes.MESSAGE_TOO_BIG,
          1011,
          CloseCodes.TRY_AGAIN_LATER);

  protected final TenantId tenant;
  protected final SubscriptionBackend backend;
  protected final SubscriptionRegistry registry;
  protected final RealtimeLimits limits;
  protected final Map<String, String> connectHeaders;
  private final Recheck.CredentialKey connectCredentials;
  private final long openedAt;
  private final Clock clock;
  private final Admission admission;
  private final String remoteAddress;
  private final String logId;
  private final Map<String, Live> subscriptions = new ConcurrentHashMap<>();

  private static final Live[] NO_LIVES = new Live[0];

  /**
   * The values of {@link #subscriptions}, kept under this session's lock when they change, for the
   * recheck's walk over every session: an array is read without the iterator a concurrent map needs
   * (a quarter of a round's time at 10,000 sessions).
   */
  private Live[] lives = NO_LIVES;

  protected Connection connection;
  private volatile boolean initialized;
  private volatile Subscriber connectSubscriber;
  private boolean pending = true;
  private SendThreads sendThreads;
  private volatile boolean closedByServer;

  /** A live subscription and what it was made with. */
  private record Live(
      Registration registration,
      Subscriber subscriber,
      Map<String, String> headers,
      Recheck.CredentialKey credentials,
      String query,
      Map<String, Object> variables) {}

  protected RealtimeSession(
      TenantId tenant,
      SubscriptionBackend backend,
      SubscriptionRegistry registry,
      RealtimeLimits limits,
      Map<String, String> connectHeaders,
      Clock clock,
      Admission admission,
      String remoteAddress) {
    this.tenant = tenant;
    this.backend = backend;
    this.registry = registry;
    this.limits = limits;
    this.connectHeaders = Map.copyOf(connectHeaders);
    this.connectCredentials = new Recheck.CredentialKey(tenant, this.connectHeaders);
    this.clock = clock;
    this.openedAt = clock.millis();
    this.admission = admission;
    this.remoteAddress = remoteAddress;
    // Made while the upgrade request is handled: its request id names the connection in the log.
    LogContext upgrade = LogContext.current();
    this.logId = upgrade != null ? upgrade.requestId() : "ws-" + UUID.randomUUID();
  }

  public TenantId tenant() {
    return tenant;
  }

  @Override
  public SendThreads sendThreads() {
    return sendThreads;
  }

  void sendThreads(SendThreads threads) {
    this.sendThreads = threads;
  }

  /** The subprotocol this session speaks. */
  public abstract String protocol();

  /** Handles one parsed client message. */
  protected abstract void handle(JsonObject message);

  /** The envelope prefix of a delivery, e.g. {@code {"type":"data","id":"}. */
  protected abstract byte[] dataPrefix();

  /** The keep-alive frame this protocol sends, or null for none. */
  protected abstract byte[] keepAliveFrame();

  /** Closes a session that never sent {@code connection_init}. */
  protected abstract void initTimedOut();

  /**
   * Tells the client that one of its subscriptions ended because its credentials or rights did
   * (AppSync's {@code error} for that subscription id); the subscription is already gone.
   */
  protected abstract void subscriptionEnded(String id, String errorType, String message);

  /** Ends the connection because the credentials it authenticated with ended. */
  protected abstract void credentialsEnded(String message);

  @Override
  public void onOpen(Connection connection) {
    this.connection = connection;
    registry.open(this);
  }

  /**
   * Charges this authenticated connection to its tenant, once: the tenant's connection rate and its
   * connection count on this node.
   *
   * @param subscriber who the connection authenticated as
   * @return null when admitted, otherwise why not
   */
  protected synchronized String admit(Subscriber subscriber) {
    endPending();
    connectSubscriber = subscriber;
    if (registry.isAdmitted(this)) {
      return null;
    }
    if (!admission.tenantRate(tenant)) {
      return "tenant " + tenant.slug() + " opens realtime connections too fast; retry shortly";
    }
    if (!registry.admit(this, limits.maxConnectionsPerTenant())) {
      return "tenant " + tenant.slug() + " has too many realtime connections on this node";
    }
    return null;
  }

  private synchronized void endPending() {
    if (pending) {
      pending = false;
      admission.pendingEnded(remoteAddress);
    }
  }

  @Override
  public void onText(Connection connection, String text) {
    try (LogContext.Scope scope = LogContext.open(logId, tenant.slug())) {
      handleText(text);
    }
  }

  private void handleText(String text) {
    JsonObject message;
    try (JsonReader reader = Json.reader(text)) {
      JsonValue value = reader.readValue();
      if (!(value instanceof JsonObject object)) {
        malformed("a message must be a JSON object");
        return;
      }
      message = object;
    } catch (JsonException e) {
      malformed("a message must be JSON: " + e.getMessage());
      return;
    }
    try {
      handle(message);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "realtime message failed", e);
      malformed("the message could not be handled: " + e.getMessage());
    }
  }

  /** Answers a message that is not valid for the protocol. */
  protected abstract void malformed(String why);

  @Override
  public void onClose(Connection connection, int code, String reason) {
    try (LogContext.Scope scope = LogContext.open(logId, tenant.slug())) {
      if (!closedByServer && TRANSPORT_CLOSES.contains(code)) {
        // decided below the session: a client too slow to read, a frame too big or malformed
        registry.closeLog().closed(tenant, logId, code, reason, Level.WARNING);
      }
      endPending();
      synchronized (this) {
        registry.close(this, subscriptions.values().stream().map(Live::registration).toList());
        subscriptions.clear();
        lives = NO_LIVES;
      }
    }
  }

  protected void markInitialized() {
    initialized = true;
  }

  protected boolean isInitialized() {
    return initialized;
  }

  /** Called by the keep-alive ticker. */
  void tick(long now, boolean sendKeepAlive) {
    if (!initialized && now - openedAt > limits.initTimeout().toMillis()) {
      initTimedOut();
      return;
    }
    byte[] ka = keepAliveFrame();
    if (sendKeepAlive && initialized && ka != null) {
      connection.send(ka);
    }
  }

  /** Closes the connection without a line of its own (the caller logs once for all it closes). */
  void closeConnection(int code, String reason) {
    closedByServer = true;
    connection.close(code, reason);
  }

  /**
   * Closes the connection for a reason this node decided and says so in the log, once: a second
   * call for a connection already closing does nothing.
   *
   * @param code the close code sent
   * @param wireReason the close frame's reason, as the protocol has it
   * @param why what the log says, for an operator
   * @param level {@link Level#WARNING} for a limit or a misbehaving client, {@link Level#INFO} for
   *     an ordinary end
   */
  protected void closeBecause(int code, String wireReason, String why, Level level) {
    if (closedByServer) {
      return;
    }
    closedByServer = true;
    registry.closeLog().closed(tenant, logId, code, why, level);
    connection.close(code, wireReason);
  }

  /**
   * Authenticates, compiles and registers a subscription.
   *
   * @param authHeaders the subscription's own auth headers, or empty to use the connection's
   * @throws RealtimeException naming why it was refused
   */
  protected synchronized void subscribe(
      String id, String query, Map<String, Object> variables, Map<String, String> authHeaders)
      throws RealtimeException {
    if (subscriptions.size() >= limits.maxSubscriptionsPerConnection()
        && !subscriptions.containsKey(id)) {
      throw new RealtimeException(
          "MaxSubscriptionsReachedError",
          "a connection may hold "
              + limits.maxSubscriptionsPerConnection()
              + " subscriptions; stop one or open another connection");
    }
    Map<String, String> headers =
        authHeaders.isEmpty() || authHeaders.equals(connectHeaders)
            ? connectHeaders
            : Map.copyOf(authHeaders);
    Map<String, Object> vars = variables == null ? Map.of() : variables;
    Subscriber subscriber = backend.authenticate(tenant, headers);
    if (subscriber.equals(connectSubscriber)) {
      subscriber = connectSubscriber; // kept per subscription: one copy per connection, not three
    }
    CompiledSubscription compiled = backend.compile(tenant, subscriber, query, vars);
    Recheck.CredentialKey credentials =
        headers == connectHeaders ? connectCredentials : new Recheck.CredentialKey(tenant, headers);
    register(
        id,
        new Live(new Registration(id, this), subscriber, headers, credentials, query, vars),
        compiled);
  }

  /** Registers a subscription; one with the same id is replaced (after, so no change is missed). */
  private void register(String id, Live live, CompiledSubscription compiled) {
    registry.add(live.registration(), compiled);
    Live previous = subscriptions.put(id, live);
    lives = subscriptions.values().toArray(NO_LIVES);
    if (previous != null) {
      registry.remove(previous.registration());
    }
  }

  protected synchronized boolean unsubscribe(String id) {
    Live live = subscriptions.remove(id);
    if (live == null) {
      return false;
    }
    lives = subscriptions.values().toArray(NO_LIVES);
    registry.remove(live.registration());
    return true;
  }

  /**
   * Ends the subscriptions whose credentials ended (expired, revoked) and compiles again those
   * whose schema is no longer the tenant's active one, ending those the new schema refuses. Closes
   * the connection when its own credentials ended. Called about every second, for every session, by
   * one thread.
   */
  synchronized void recheck(Recheck round) {
    if (nothingToDo(round)) {
      return; // the common case, without the log context or a copy of the subscriptions
    }
    try (LogContext.Scope scope = LogContext.open(logId, tenant.slug())) {
      recheckSubscriptions(round);
    }
  }

  /** Whether every credential holds and every subscription is current (answers are cached). */
  private boolean nothingToDo(Recheck round) {
    for (Live live : lives) {
      if (round.credentialsEnded(live.credentials(), live.subscriber()) != null) {
        return false;
      }
      CompiledSubscription compiled = registry.compiled(live.registration());
      if (compiled != null && !round.isCurrent(tenant, compiled)) {
        return false;
      }
    }
    Subscriber self = connectSubscriber;
    return self == null || round.credentialsEnded(connectCredentials, self) == null;
  }

  private void recheckSubscriptions(Recheck round) {
    for (Map.Entry<String, Live> entry : List.copyOf(subscriptions.entrySet())) {
      String id = entry.getKey();
      Live live = entry.getValue();
      RealtimeException ended = round.credentialsEnded(live.credentials(), live.subscriber());
      if (ended == null) {
        CompiledSubscription compiled = registry.compiled(live.registration());
        if (compiled != null && !round.isCurrent(tenant, compiled)) {
          try {
            register(
                id,
                new Live(
                    new Registration(id, this),
                    live.subscriber(),
                    live.headers(),
                    live.credentials(),
                    live.query(),
                    live.variables()),
                backend.compile(tenant, live.subscriber(), live.query(), live.variables()));
            continue;
          } catch (RealtimeException e) {
            ended = e;
          }
        }
      }
      if (ended != null) {
        unsubscribe(id);
        subscriptionEnded(id, ended.errorType(), ended.getMessage());
      }
    }
    Subscriber self = connectSubscriber;
    if (self != null) {
      RealtimeException ended = round.credentialsEnded(connectCredentials, self);
      if (ended != null) {
        credentialsEnded(ended.getMessage());
      }
    }
  }

  /** Ends at once the subscriptions (and the connection) made with a revoked credential. */
  synchronized void revoked(String credential, String message) {
    for (Map.Entry<String, Live> entry : List.copyOf(subscriptions.entrySet())) {
      if (credential.equals(entry.getValue().subscriber().credential())) {
        unsubscribe(entry.getKey());
        subscriptionEnded(entry.getKey(), ErrorType.UNAUTHENTICATED.wireName(), message);
      }
    }
    Subscriber self = connectSubscriber;
    if (self != null && credential.equals(self.credential())) {
      credentialsEnded(message);
    }
  }

  /** Lets subscription {@code id} send what it sends on start; call after its {@code start_ack}. */
  protected synchronized void started(String id) {
    Live live = subscriptions.get(id);
    CompiledSubscription compiled = live == null ? null : registry.compiled(live.registration());
    if (compiled != null) {
      compiled.started(
          payload -> deliver(live.registration(), payload.getBytes(StandardCharsets.UTF_8)));
    }
  }

  protected boolean hasSubscription(String id) {
    return subscriptions.containsKey(id);
  }

  /** Sends one rendered change to one of this session's subscriptions. */
  void deliver(Registration registration, byte[] payload) {
    connection.send(DataFrames.frame(dataPrefix(), registration.escapedId, payload));
  }

  protected void send(String json) {
    connection.sendText(json);
  }

  protected long now() {
    return clock.millis();
  }

  static Map<String, Object> variables(JsonObject object) {
    Map<String, Object> variables = new HashMap<>();
    if (object != null) {
      object.forEach((k, v) -> variables.put(k, JsonJava.toJava(v)));
    }
    return variables;
  }
}
