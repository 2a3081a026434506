package dev.cairn.client.internal;

import dev.cairn.client.CairnException;
import dev.cairn.client.ModelType;
import dev.cairn.client.MutationType;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps the realtime connection: {@code connection_init}, then {@code onCreate/onUpdate/onDelete}
 * for every model (with an owner argument where {@link OwnerArgument} says Amplify would send one),
 * merging each {@code data} frame through the {@link Merger}, and {@code _cairnOnFlagsChanged},
 * handing its frames to the {@link FlagSync}. Reports "established" once every subscription is
 * acknowledged (or refused) and "lost" when the socket closes, errs, the server refuses the
 * connection, or no frame (not even {@code ka}) arrived within the server's {@code
 * connectionTimeoutMs}. Confined to the engine thread; socket callbacks are handed over to it.
 */
final class SubscriptionProcessor {
  private static final System.Logger LOG = System.getLogger(SubscriptionProcessor.class.getName());
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

  /** What the orchestrator hears. */
  interface Listener {
    void established();

    void lost(String reason);
  }

  /**
   * One model subscription; {@code filtered} when it carries the sync expression as filter, {@code
   * owner} when it carries an owner argument.
   */
  private record Sub(
      ModelType<?> type, MutationType mutation, boolean filtered, Optional<OwnerArgument> owner) {

    String document() {
      return Documents.subscription(
          type, mutation, filtered, owner.map(OwnerArgument::name).orElse(null));
    }

    Map<String, Object> variables(Map<String, Object> filter) {
      Map<String, Object> variables = new LinkedHashMap<>();
      if (filtered) {
        variables.put("filter", filter);
      }
      owner.ifPresent(o -> variables.put(o.name(), o.value()));
      return variables;
    }
  }

  private final Engine engine;
  private final Listener listener;
  private final FlagSync flags;
  private String flagsSubscription;
  private final Map<String, Sub> subscriptions = new HashMap<>();
  private final Set<String> awaitingAck = new HashSet<>();
  private RealtimeConnection connection;
  private int generation;
  private boolean connected;
  private Duration keepAliveTimeout = Duration.ofMinutes(5);
  private Scheduler.Cancellable watchdog;

  SubscriptionProcessor(Engine engine, Listener listener, FlagSync flags) {
    this.engine = engine;
    this.listener = listener;
    this.flags = flags;
  }

  /** Opens a new connection (closing any old one). */
  void connect() {
    disconnect();
    int current = ++generation;
    Map<String, String> auth;
    try {
      auth = new LinkedHashMap<>(engine.http().authHeaders());
    } catch (CairnException e) {
      lost(current, e.getMessage());
      return;
    }
    URI endpoint = engine.http().endpoint();
    auth.put("host", endpoint.getAuthority());
    armWatchdog(current, ACK_TIMEOUT);
    RealtimeConnection.open(
            engine.httpClient(),
            endpoint,
            auth,
            message -> engine.scheduler().execute(() -> onMessage(current, message)),
            reason -> engine.scheduler().execute(() -> lost(current, reason)))
        .whenComplete(
            (opened, failure) ->
                engine
                    .scheduler()
                    .execute(
                        () -> {
                          if (failure != null) {
                            lost(current, "cannot connect: " + failure.getMessage());
                          } else if (current != generation) {
                            opened.close();
                          } else {
                            connection = opened;
                            connection.send(Map.of("type", "connection_init"));
                          }
                        }));
  }

  void disconnect() {
    generation++;
    connected = false;
    subscriptions.clear();
    flagsSubscription = null;
    awaitingAck.clear();
    if (watchdog != null) {
      watchdog.cancel();
      watchdog = null;
    }
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  boolean isConnected() {
    return connected;
  }

  private void onMessage(int current, Map<String, Object> message) {
    if (current != generation) {
      return;
    }
    String type = String.valueOf(message.get("type"));
    switch (type) {
      case "connection_ack" -> {
        Object payload = message.get("payload");
        if (payload instanceof Map<?, ?> p && p.get("connectionTimeoutMs") instanceof Number n) {
          keepAliveTimeout = Duration.ofMillis(n.longValue());
        }
        armWatchdog(current, ACK_TIMEOUT);
        startSubscriptions(current);
      }
      case "ka" -> armWatchdog(current, connected ? keepAliveTimeout : ACK_TIMEOUT);
      case "start_ack" -> acknowledged(current, String.valueOf(message.get("id")));
      case "data" -> {
        armWatchdog(current, connected ? keepAliveTimeout : ACK_TIMEOUT);
        data(message);
      }
      case "error" -> {
        String id = String.valueOf(message.get("id"));
        Sub refused = subscriptions.get(id);
        if (refused != null && refused.filtered()) {
          resubscribeUnfiltered(current, id, refused, message.get("payload"));
          return;
        }
        LOG.log(
            Level.WARNING,
            "subscription " + subscriptions.get(id) + " refused: " + message.get("payload"));
        engine
            .errorHandler()
            .accept(
                new CairnException(
                    "Subscription",
                    "the server refused a subscription: " + message.get("payload")));
        acknowledged(current, id);
      }
      case "connection_error" ->
          lost(current, "the server refused the connection: " + message.get("payload"));
      default -> {
        // complete and unknown frames need nothing
      }
    }
  }

  private void startSubscriptions(int current) {
    Map<String, Object> claims;
    try {
      String jwt = engine.http().authHeaders().get("Authorization");
      claims = jwt == null ? Map.of() : TokenClaims.payload(jwt);
    } catch (CairnException e) {
      lost(current, e.getMessage());
      return;
    }
    for (ModelType<?> type : engine.types().values()) {
      Map<String, Object> filter =
          Predicates.toFilter(engine.settings().syncExpressions().get(type.name()));
      Optional<OwnerArgument> owner =
          OwnerArgument.of(type, claims, engine.settings().issuerClaims());
      for (MutationType mutation : MutationType.values()) {
        String id = UUID.randomUUID().toString();
        Sub sub = new Sub(type, mutation, filter != null, owner);
        subscriptions.put(id, sub);
        if (!start(current, id, sub.document(), sub.variables(filter))) {
          return;
        }
      }
    }
    flagsSubscription = UUID.randomUUID().toString();
    start(current, flagsSubscription, FlagSync.SUBSCRIPTION, flags.variables());
  }

  /**
   * A server that cannot take the filter (a {@code not}, an operator its subscription filters lack,
   * a limit) refuses the {@code start}: subscribe again without it, as Amplify does; every record
   * received is re-checked against the sync expression here anyway ({@link #data}).
   */
  private void resubscribeUnfiltered(int current, String refusedId, Sub sub, Object why) {
    LOG.log(
        Level.DEBUG,
        "the server refused the filter of "
            + Documents.subscriptionField(sub.type(), sub.mutation())
            + " ("
            + why
            + "); subscribing without it");
    subscriptions.remove(refusedId);
    String id = UUID.randomUUID().toString();
    Sub unfiltered = new Sub(sub.type(), sub.mutation(), false, sub.owner());
    subscriptions.put(id, unfiltered);
    if (start(current, id, unfiltered.document(), unfiltered.variables(null))) {
      awaitingAck.remove(refusedId);
    }
  }

  /** Sends one {@code start}; false when the connection was given up (no credentials). */
  private boolean start(int current, String id, String query, Map<String, Object> variables) {
    awaitingAck.add(id);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("query", query);
    data.put("variables", variables);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("data", Json.write(data));
    Map<String, Object> authorization = new LinkedHashMap<>();
    try {
      authorization.putAll(engine.http().authHeaders());
    } catch (CairnException e) {
      lost(current, e.getMessage());
      return false;
    }
    URI endpoint = engine.http().endpoint();
    authorization.put("host", endpoint.getAuthority());
    payload.put("extensions", Map.of("authorization", authorization));
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("id", id);
    start.put("type", "start");
    start.put("payload", payload);
    connection.send(start);
    return true;
  }

  private void acknowledged(int current, String id) {
    if (awaitingAck.remove(id) && awaitingAck.isEmpty() && !connected) {
      connected = true;
      armWatchdog(current, keepAliveTimeout);
      listener.established();
    }
  }

  @SuppressWarnings("unchecked")
  private void data(Map<String, Object> message) {
    String id = String.valueOf(message.get("id"));
    if (id.equals(flagsSubscription)) {
      if (message.get("payload") instanceof Map<?, ?> payload) {
        flags.pushed(payload.get("data"));
      }
      return;
    }
    Sub sub = subscriptions.get(id);
    if (sub == null || !(message.get("payload") instanceof Map<?, ?> payload)) {
      return;
    }
    if (!(payload.get("data") instanceof Map<?, ?> data)
        || !(data.get(Documents.subscriptionField(sub.type(), sub.mutation()))
            instanceof Map<?, ?> record)) {
      return;
    }
    Map<String, Object> item = (Map<String, Object>) record;
    dev.cairn.client.QueryPredicate expression =
        engine.settings().syncExpressions().get(sub.type().name());
    if (expression != null && !Predicates.test(expression, Values.normalize(sub.type(), item))) {
      return;
    }
    engine.observers().changed(engine.merger().merge(sub.type(), List.of(item)).changes());
  }

  private void armWatchdog(int current, Duration timeout) {
    if (watchdog != null) {
      watchdog.cancel();
    }
    watchdog =
        engine
            .scheduler()
            .schedule(() -> lost(current, "no message from the server within " + timeout), timeout);
  }

  private void lost(int current, String reason) {
    if (current != generation) {
      return;
    }
    boolean wasConnected = connected;
    disconnect();
    LOG.log(Level.DEBUG, "realtime connection lost: " + reason);
    listener.lost(reason + (wasConnected ? "" : " (while connecting)"));
  }
}
