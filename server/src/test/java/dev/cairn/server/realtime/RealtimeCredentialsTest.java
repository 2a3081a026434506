package dev.cairn.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.server.data.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Open subscriptions follow their credentials and the tenant's schema (issue 10, finding 7), and
 * anonymous callers cannot spend a tenant's realtime budget (finding 8). The backend is a stand-in
 * whose credentials can be revoked, expire, and whose schema can change; the real backend's parts
 * (token expiry from {@code exp}, API keys authenticated again, the schema compared) are small and
 * covered by {@code RealtimeAttacksIT} against the deployed server.
 */
class RealtimeCredentialsTest {
  private static final TenantId ACME = TenantId.of("acme");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
  private final StandInBackend backend = new StandInBackend();
  private final Realtime realtime = new Realtime(backend, RealtimeLimits.defaults(), clock);

  @Test
  void aRevokedApiKeyEndsItsSubscriptionsAndItsConnectionAtTheNextRecheck() throws Exception {
    RecordingConnection app = connect("key:k1", "unknown");
    start(app, "s1", "key:k1");
    start(app, "s2", "key:k1");
    app.drain();

    backend.revoked.add("key:k1");
    realtime.recheck();

    assertThat(app.drain())
        .containsExactlyInAnyOrder(
            ended("s1", "UnauthorizedException", "the API key was revoked"),
            ended("s2", "UnauthorizedException", "the API key was revoked"));
    assertThat(app.closeCode).isEqualTo(1000);
    assertThat(realtime.registry().subscriptions()).isZero();
    assertThat(realtime.fanOut().publish(post("p1"))).isZero();
  }

  @Test
  void aKeyRevokedOnThisNodeEndsItsSubscriptionsAtOnceAndLeavesOthersAlone() throws Exception {
    RecordingConnection revoked = connect("key:k1", "unknown");
    start(revoked, "s", "key:k1");
    RecordingConnection other = connect("key:k2", "unknown");
    start(other, "s", "key:k2");
    revoked.drain();
    other.drain();

    realtime.revoked(ACME, "key:k1");

    assertThat(revoked.drain()).singleElement().asString().contains("UnauthorizedException");
    assertThat(revoked.closeCode).isEqualTo(1000);
    assertThat(realtime.fanOut().publish(post("p1"))).isEqualTo(1);
    assertThat(other.drain()).singleElement().asString().contains("\"type\":\"data\"");
  }

  @Test
  void aTokenEndsItsSubscriptionsWhenItExpiresWithTheErrorTheClientReconnectsOn() throws Exception {
    backend.expiry.put("user:alice", clock.instant().plusSeconds(60));
    RecordingConnection alice = connect("user:alice", "unknown");
    start(alice, "s", "user:alice");
    alice.drain();

    clock.advance(Duration.ofSeconds(59));
    realtime.recheck();
    assertThat(alice.drain()).isEmpty();
    assertThat(realtime.registry().subscriptions()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    realtime.recheck();

    String error = alice.drain().get(0);
    assertThat(error)
        .startsWith("{\"type\":\"error\",\"id\":\"s\"")
        .contains("\"errorType\":\"UnauthorizedException\"")
        .contains("Token expired");
    assertThat(alice.closeCode).isEqualTo(1000);
    assertThat(realtime.registry().subscriptions()).isZero();
  }

  @Test
  void aNewSchemaAuthorizesOpenSubscriptionsAgainAndEndsThoseItRefuses() throws Exception {
    RecordingConnection alice = connect("user:alice", "unknown");
    start(alice, "s", "user:alice");
    RecordingConnection bob = connect("user:bob", "unknown");
    start(bob, "s", "user:bob");
    alice.drain();
    bob.drain();

    backend.schema.incrementAndGet();
    backend.deniedUsers.add("user:bob");
    realtime.recheck();

    assertThat(bob.drain())
        .containsExactly(ended("s", "Unauthorized", "Not Authorized to access onCreatePost"));
    assertThat(bob.closeCode).as("bob's connection itself stays").isNull();
    assertThat(alice.drain()).isEmpty();
    assertThat(realtime.fanOut().publish(post("p1"))).as("alice, once").isEqualTo(1);
    assertThat(alice.drain()).singleElement().asString().contains("\"type\":\"data\"");
    assertThat(backend.compiledFor.get("user:alice")).isEqualTo(2);
  }

  @Test
  void aSubscriptionThatReadsNoModelIsNeitherAskedNorCompiledAgainForANewSchemaButStillEnds()
      throws Exception {
    backend.schemaFreeUsers.add("key:flags");
    RecordingConnection flags = connect("key:flags", "unknown");
    start(flags, "s", "key:flags");
    RecordingConnection alice = connect("user:alice", "unknown");
    start(alice, "s", "user:alice");
    flags.drain();
    alice.drain();

    backend.schema.incrementAndGet();
    backend.currentChecks.set(0);
    realtime.recheck();

    assertThat(backend.currentChecks.get()).as("asked about alice's only").isEqualTo(1);
    assertThat(backend.compiledFor.get("key:flags")).isEqualTo(1);
    assertThat(backend.compiledFor.get("user:alice")).isEqualTo(2);
    assertThat(flags.drain()).isEmpty();
    assertThat(realtime.fanOut().publish(post("p1"))).isEqualTo(2);

    backend.revoked.add("key:flags");
    realtime.recheck();
    assertThat(flags.drain())
        .contains(ended("s", "UnauthorizedException", "the API key was revoked"));
    assertThat(flags.closeCode).isEqualTo(1000);
  }

  @Test
  void aCredentialSharedByManySubscriptionsIsCheckedOncePerRound() throws Exception {
    for (int i = 0; i < 20; i++) {
      RecordingConnection app = connect("key:shared", "10.0.0." + i);
      start(app, "s", "key:shared");
    }
    backend.rechecks.set(0);

    realtime.recheck();

    assertThat(backend.rechecks.get()).isEqualTo(1);
    assertThat(realtime.registry().subscriptions()).isEqualTo(20);
  }

  @Test
  void connectionsThatNeverAuthenticateAreNotChargedToTheTenant() throws Exception {
    // more unauthenticated connections than the tenant may open per second, from many addresses
    int anonymous = RealtimeLimits.defaults().connectionsPerSecondPerTenant() + 100;
    for (int i = 0; i < anonymous; i++) {
      RealtimeSession session =
          realtime.open(ACME, List.of("graphql-ws"), null, "203.0.113." + (i % 200));
      session.onOpen(new RecordingConnection());
    }

    RecordingConnection alice = connect("user:alice", "198.51.100.1");

    assertThat(alice.sent.get(0)).startsWith("{\"type\":\"connection_ack\"");
    assertThat(realtime.registry().connections(ACME)).isEqualTo(1);
  }

  @Test
  void oneAddressMayHoldOnlySoManyConnectionsThatHaveNotAuthenticated() throws Exception {
    RealtimeLimits limits = RealtimeLimits.defaults();
    List<RecordingConnection> held = new ArrayList<>();
    List<RealtimeSession> sessions = new ArrayList<>();
    for (int i = 0; i < limits.maxPendingPerAddress(); i++) {
      if (i > 0 && i % limits.connectionsPerSecondPerAddress() == 0) {
        clock.advance(Duration.ofSeconds(1)); // stay within the address's rate
      }
      RealtimeSession session = realtime.open(ACME, List.of("graphql-ws"), null, "192.0.2.7");
      RecordingConnection connection = new RecordingConnection();
      session.onOpen(connection);
      sessions.add(session);
      held.add(connection);
    }
    clock.advance(Duration.ofSeconds(1));

    RealtimeException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            RealtimeException.class,
            () -> realtime.open(ACME, List.of("graphql-ws"), null, "192.0.2.7"));
    assertThat(refused.errorType()).isEqualTo("LimitExceededException");
    assertThat(connect("user:alice", "192.0.2.8").sent.get(0)).contains("connection_ack");

    sessions.get(0).onClose(held.get(0), 1000, "bye");
    realtime.open(ACME, List.of("graphql-ws"), null, "192.0.2.7");
    assertThat(realtime.admission().pending("192.0.2.7")).isEqualTo(limits.maxPendingPerAddress());
  }

  @Test
  void anAddressThatOpensConnectionsTooFastIsRefusedBeforeAnyCredentialIsRead() {
    int perSecond = RealtimeLimits.defaults().connectionsPerSecondPerAddress();
    int opened = 0;
    RealtimeException refused = null;
    for (int i = 0; i <= perSecond && refused == null; i++) {
      try {
        RealtimeSession session = realtime.open(ACME, List.of("graphql-ws"), null, "192.0.2.9");
        session.onOpen(new RecordingConnection());
        session.onText(new RecordingConnection(), "{\"type\":\"connection_init\"}");
        opened++;
      } catch (RealtimeException e) {
        refused = e;
      }
    }

    assertThat(opened).isEqualTo(perSecond);
    assertThat(refused).isNotNull();
    assertThat(refused.errorType()).isEqualTo("LimitExceededException");
  }

  @Test
  void theTenantsConnectionLimitCountsAuthenticatedConnectionsOnly() throws Exception {
    RealtimeLimits defaults = RealtimeLimits.defaults();
    RealtimeLimits two =
        new RealtimeLimits(
            2,
            defaults.maxSubscriptionsPerConnection(),
            defaults.maxMessageBytes(),
            defaults.maxQueuedBytes(),
            defaults.connectionsPerSecondPerTenant(),
            defaults.connectionsPerSecondPerAddress(),
            defaults.maxPendingPerAddress(),
            defaults.initTimeout(),
            defaults.keepAliveInterval());
    Realtime limited = new Realtime(backend, two, clock);
    for (int i = 0; i < 5; i++) {
      limited
          .open(ACME, List.of("graphql-ws"), null, "203.0.113.1")
          .onOpen(new RecordingConnection());
    }

    RecordingConnection first = connect(limited, "user:alice", "198.51.100.1");
    RecordingConnection second = connect(limited, "user:bob", "198.51.100.2");
    RecordingConnection third = connect(limited, "user:carol", "198.51.100.3");

    assertThat(first.sent.get(0)).contains("connection_ack");
    assertThat(second.sent.get(0)).contains("connection_ack");
    assertThat(third.sent)
        .containsExactly(
            "{\"type\":\"connection_error\",\"payload\":{\"errors\":[{\"errorType\":\"LimitExceededException\",\"message\":\"tenant acme has too many realtime connections on this node\",\"errorCode\":429}]}}");
    assertThat(third.closeCode).isEqualTo(1013);
    assertThat(limited.registry().connections(ACME)).isEqualTo(2);
  }

  @Test
  void closedConnectionsLeaveNoEntryBehindInAnyMap() throws Exception {
    RecordingConnection alice = connect("user:alice", "198.51.100.1");
    start(alice, "s", "user:alice");
    RealtimeSession anonymous = realtime.open(ACME, List.of("graphql-ws"), null, "203.0.113.5");
    RecordingConnection silent = new RecordingConnection();
    anonymous.onOpen(silent);

    sessions.get(alice).onClose(alice, 1000, "bye");
    anonymous.onClose(silent, 1006, "gone");

    assertThat(realtime.registry().connections(ACME)).isZero();
    assertThat(realtime.registry().topics()).isZero();
    assertThat(realtime.registry().sessions()).isEmpty();
    assertThat(realtime.admission().pendingAddresses()).isZero();
  }

  // --- helpers -------------------------------------------------------------------------------

  private final Map<RecordingConnection, RealtimeSession> sessions = new HashMap<>();

  private RecordingConnection connect(String credential, String address) throws Exception {
    return connect(realtime, credential, address);
  }

  private RecordingConnection connect(Realtime on, String credential, String address)
      throws Exception {
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"Authorization\":\"" + credential + "\"}").getBytes(StandardCharsets.UTF_8));
    RealtimeSession session =
        on.open(ACME, List.of("graphql-ws", "header-" + header), null, address);
    RecordingConnection connection = new RecordingConnection();
    session.onOpen(connection);
    session.onText(connection, "{\"type\":\"connection_init\"}");
    sessions.put(connection, session);
    return connection;
  }

  private void start(RecordingConnection connection, String id, String credential) {
    String data =
        "{\\\"query\\\":\\\"subscription operation { onCreatePost { id } }\\\",\\\"variables\\\":{}}";
    sessions
        .get(connection)
        .onText(
            connection,
            "{\"id\":\""
                + id
                + "\",\"type\":\"start\",\"payload\":{\"data\":\""
                + data
                + "\",\"extensions\":{\"authorization\":{\"Authorization\":\""
                + credential
                + "\"}}}}");
    assertThat(connection.last()).isEqualTo("{\"type\":\"start_ack\",\"id\":\"" + id + "\"}");
  }

  private static String ended(String id, String errorType, String message) {
    return "{\"type\":\"error\",\"id\":\""
        + id
        + "\",\"payload\":{\"errors\":[{\"errorType\":\""
        + errorType
        + "\",\"message\":\""
        + message
        + "\"}]}}";
  }

  private static ChangeEntry post(String id) {
    return new ChangeEntry(
        ACME, "Post", id, ChangeOperation.CREATE, 1, 1000L, new Document("id", id));
  }

  /**
   * A stand-in for the server's authentication and schema: {@code Authorization: user:X} or {@code
   * key:K} authenticate; keys can be revoked and users' tokens given an expiry; the schema has a
   * version that a test raises, and users can be refused by the new one. Every subscription wants
   * every Post.
   */
  static final class StandInBackend implements SubscriptionBackend {
    final Set<String> revoked = new HashSet<>();
    final Map<String, Instant> expiry = new HashMap<>();
    final AtomicInteger schema = new AtomicInteger(1);
    final Set<String> deniedUsers = new HashSet<>();
    final AtomicInteger rechecks = new AtomicInteger();
    final Map<String, Integer> compiledFor = new HashMap<>();
    final Set<String> schemaFreeUsers = new HashSet<>();
    final AtomicInteger currentChecks = new AtomicInteger();

    record Caller(String name, Instant expiresAt) implements Subscriber {
      @Override
      public String credential() {
        return name;
      }
    }

    @Override
    public Subscriber authenticate(TenantId tenant, Map<String, String> headers)
        throws RealtimeException {
      String name = headers.get("Authorization");
      if (name == null || revoked.contains(name)) {
        throw new RealtimeException("UnauthorizedException", "the API key was revoked");
      }
      return new Caller(name, expiry.getOrDefault(name, Instant.MAX));
    }

    @Override
    public void recheck(TenantId tenant, Subscriber subscriber, Map<String, String> headers)
        throws RealtimeException {
      rechecks.incrementAndGet();
      authenticate(tenant, headers);
    }

    @Override
    public boolean isCurrent(TenantId tenant, CompiledSubscription subscription) {
      currentChecks.incrementAndGet();
      return ((Compiled) subscription).schema == schema.get();
    }

    @Override
    public CompiledSubscription compile(
        TenantId tenant, Subscriber subscriber, String query, Map<String, Object> variables)
        throws RealtimeException {
      String name = ((Caller) subscriber).name();
      if (deniedUsers.contains(name)) {
        throw new RealtimeException("Unauthorized", "Not Authorized to access onCreatePost");
      }
      compiledFor.merge(name, 1, Integer::sum);
      return new Compiled(schema.get(), !schemaFreeUsers.contains(name));
    }

    /** {@code followsSchema} false stands for Cairn's flag subscription, which reads no model. */
    record Compiled(int schema, boolean followsSchema) implements CompiledSubscription {
      @Override
      public String model() {
        return "Post";
      }

      @Override
      public ChangeOperation operation() {
        return ChangeOperation.CREATE;
      }

      @Override
      public Object groupKey() {
        return this;
      }

      @Override
      public boolean wants(ChangeEntry change) {
        return true;
      }

      @Override
      public Object renderKey(ChangeInFlight change) {
        return "k";
      }

      @Override
      public String render(ChangeInFlight change) {
        return "{\"data\":{\"onCreatePost\":{\"id\":\"" + change.change().recordId() + "\"}}}";
      }
    }
  }
}
