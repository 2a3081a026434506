package dev.cairn.server.realtime;

import dev.cairn.server.TenantId;
import dev.cairn.server.api.JsonJava;
import dev.cairn.server.realtime.SubscriptionRegistry.Registration;
import dev.cairn.server.realtime.websocket.CloseCodes;
import dev.cairn.server.realtime.websocket.Connection;
import dev.cairn.server.realtime.websocket.SendThreads;
import dev.cairn.server.realtime.websocket.WebSocketListener;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One realtime connection of one tenant: its state, its subscriptions, and what the two protocols
 * share. Messages of one connection are handled one at a time (the connection never overlaps its
 * calls); deliveries come from fan-out threads concurrently and only touch the connection.
 */
public abstract class RealtimeSession implements WebSocketListener {
  private static final Logger LOG = Logger.getLogger(RealtimeSession.class.getName());

  protected final TenantId tenant;
  protected final SubscriptionBackend backend;
  protected final SubscriptionRegistry registry;
  protected final RealtimeLimits limits;
  protected final Map<String, String> connectHeaders;
  private final long openedAt;
  private final Clock clock;
  private final Map<String, Registration> subscriptions = new ConcurrentHashMap<>();
  protected Connection connection;
  private volatile boolean initialized;
  private SendThreads sendThreads;

  protected RealtimeSession(
      TenantId tenant,
      SubscriptionBackend backend,
      SubscriptionRegistry registry,
      RealtimeLimits limits,
      Map<String, String> connectHeaders,
      Clock clock) {
    this.tenant = tenant;
    this.backend = backend;
    this.registry = registry;
    this.limits = limits;
    this.connectHeaders = Map.copyOf(connectHeaders);
    this.clock = clock;
    this.openedAt = clock.millis();
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

  @Override
  public void onOpen(Connection connection) {
    this.connection = connection;
    if (!registry.open(this, limits.maxConnectionsPerTenant())) {
      connection.close(
          CloseCodes.TRY_AGAIN_LATER,
          "tenant " + tenant.slug() + " has too many realtime connections on this node");
    }
  }

  @Override
  public void onText(Connection connection, String text) {
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
    registry.close(this, List.copyOf(subscriptions.values()));
    subscriptions.clear();
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

  void closeConnection(int code, String reason) {
    connection.close(code, reason);
  }

  /**
   * Authenticates, compiles and registers a subscription.
   *
   * @param authHeaders the subscription's own auth headers, or empty to use the connection's
   * @throws RealtimeException naming why it was refused
   */
  protected void subscribe(
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
    Subscriber subscriber =
        backend.authenticate(tenant, authHeaders.isEmpty() ? connectHeaders : authHeaders);
    CompiledSubscription compiled =
        backend.compile(tenant, subscriber, query, variables == null ? Map.of() : variables);
    Registration registration = new Registration(id, this);
    Registration previous = subscriptions.put(id, registration);
    if (previous != null) {
      registry.remove(previous);
    }
    registry.add(registration, compiled);
  }

  protected boolean unsubscribe(String id) {
    Registration registration = subscriptions.remove(id);
    if (registration == null) {
      return false;
    }
    registry.remove(registration);
    return true;
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
