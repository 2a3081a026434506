package dev.cairn.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.server.observability.LogContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** AppSync's realtime protocol as APPSYNC.md §5 describes it, with a stand-in backend. */
class AppSyncSessionTest {
  private static final TenantId ACME = TenantId.of("acme");

  private final MutableClock clock = new MutableClock();
  private final Realtime realtime =
      new Realtime(new FakeBackend(), RealtimeLimits.defaults(), clock);

  @Test
  void connectionInitIsAcknowledgedWithTheTimeoutAndAKeepAlive() throws Exception {
    RecordingConnection alice = connect("alice");

    assertThat(alice.sent)
        .containsExactly(
            "{\"type\":\"connection_ack\",\"payload\":{\"connectionTimeoutMs\":300000}}",
            "{\"type\":\"ka\"}");
  }

  @Test
  void startIsAcknowledgedAndMatchingChangesArriveAsData() throws Exception {
    RecordingConnection alice = connect("alice");
    alice.drain();

    start(alice, "sub-1", "alice");
    realtime.fanOut().publish(post("p1", "alice"));
    realtime.fanOut().publish(post("p2", "bob"));

    assertThat(alice.sent)
        .containsExactly(
            "{\"type\":\"start_ack\",\"id\":\"sub-1\"}",
            "{\"type\":\"data\",\"id\":\"sub-1\",\"payload\":{\"data\":{\"onCreatePost\":{\"id\":\"p1\",\"_version\":1}}}}");
  }

  @Test
  void aSubscriberDoesNotReceiveAnotherOwnersRecord() throws Exception {
    RecordingConnection bob = connect("bob");
    start(bob, "b", "bob");
    bob.drain();

    int sent = realtime.fanOut().publish(post("p1", "alice"));

    assertThat(sent).isZero();
    assertThat(bob.sent).isEmpty();
  }

  @Test
  void theLegacyQueryFormOfAuthIsAccepted() throws Exception {
    String header =
        Base64.getEncoder()
            .encodeToString(
                "{\"Authorization\":\"user:carol\",\"host\":\"x\"}"
                    .getBytes(StandardCharsets.UTF_8));
    RealtimeSession session =
        realtime.open(ACME, List.of("graphql-ws"), "header=" + header + "&payload=e30=");
    RecordingConnection connection = new RecordingConnection();
    session.onOpen(connection);

    session.onText(connection, "{\"type\":\"connection_init\"}");

    assertThat(connection.sent.get(0)).startsWith("{\"type\":\"connection_ack\"");
  }

  @Test
  void aConnectionWithoutValidAuthGetsAConnectionErrorTheClientDoesNotRetry() throws Exception {
    RealtimeSession session = realtime.open(ACME, List.of("graphql-ws"), null);
    RecordingConnection connection = new RecordingConnection();
    session.onOpen(connection);

    session.onText(connection, "{\"type\":\"connection_init\"}");

    assertThat(connection.sent)
        .containsExactly(
            "{\"type\":\"connection_error\",\"payload\":{\"errors\":[{\"errorType\":\"UnauthorizedException\",\"message\":\"no valid token\",\"errorCode\":401}]}}");
    assertThat(connection.closeCode).isEqualTo(1000);
  }

  @Test
  void eachStartIsAuthorizedWithItsOwnHeadersAndRefusedAsUnauthorized() throws Exception {
    RecordingConnection alice = connect("alice");
    alice.drain();

    start(alice, "s", "outsider");

    assertThat(alice.sent)
        .containsExactly(
            "{\"type\":\"error\",\"id\":\"s\",\"payload\":{\"errors\":[{\"errorType\":\"Unauthorized\",\"message\":\"Not Authorized to access onCreatePost on type Subscription\"}]}}");
    assertThat(realtime.registry().subscriptions()).isZero();
  }

  @Test
  void stopAnswersCompleteAndEndsDelivery() throws Exception {
    RecordingConnection alice = connect("alice");
    start(alice, "s", "alice");
    alice.drain();

    realtime
        .registry()
        .sessions()
        .iterator()
        .next()
        .onText(alice, "{\"id\":\"s\",\"type\":\"stop\"}");
    realtime.fanOut().publish(post("p1", "alice"));

    assertThat(alice.sent).containsExactly("{\"type\":\"complete\",\"id\":\"s\"}");
  }

  @Test
  void aHundredAndFirstSubscriptionIsRefused() throws Exception {
    RecordingConnection alice = connect("alice");
    for (int i = 0; i < 100; i++) {
      start(alice, "s" + i, "alice");
    }
    alice.drain();

    start(alice, "s100", "alice");

    assertThat(alice.last()).contains("\"errorType\":\"MaxSubscriptionsReachedError\"");
    assertThat(realtime.registry().subscriptions()).isEqualTo(100);
  }

  @Test
  void keepAlivesFollowTheTickerAndSilentConnectionsAreClosed() throws Exception {
    RecordingConnection alice = connect("alice");
    RealtimeSession silent = realtime.open(ACME, List.of("graphql-ws"), null);
    RecordingConnection silentConnection = new RecordingConnection();
    silent.onOpen(silentConnection);
    alice.drain();

    clock.advance(Duration.ofSeconds(31));
    realtime.tick();

    assertThat(alice.sent).containsExactly("{\"type\":\"ka\"}");
    assertThat(silentConnection.closeCode).isEqualTo(1008);
  }

  @Test
  void aClosedConnectionLeavesNoSubscriptionBehind() throws Exception {
    RecordingConnection alice = connect("alice");
    start(alice, "s", "alice");
    RealtimeSession session = realtime.registry().sessions().iterator().next();

    session.onClose(alice, 1006, "dropped");

    assertThat(realtime.registry().subscriptions()).isZero();
    assertThat(realtime.registry().connections(ACME)).isZero();
  }

  @Test
  void aBrokenMessageIsAnsweredWithAnErrorAndTheConnectionStays() throws Exception {
    RecordingConnection alice = connect("alice");
    alice.drain();

    realtime.registry().sessions().iterator().next().onText(alice, "not json");

    assertThat(alice.last()).contains("\"errorType\":\"BadRequestException\"");
    assertThat(alice.closeCode).isNull();
  }

  private RecordingConnection connect(String user) throws RealtimeException {
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"Authorization\":\"user:" + user + "\"}").getBytes(StandardCharsets.UTF_8));
    RealtimeSession session = realtime.open(ACME, List.of("graphql-ws", "header-" + header), null);
    RecordingConnection connection = new RecordingConnection();
    session.onOpen(connection);
    session.onText(connection, "{\"type\":\"connection_init\"}");
    sessions.put(connection, session);
    return connection;
  }

  private final java.util.Map<RecordingConnection, RealtimeSession> sessions =
      new java.util.HashMap<>();

  private void start(RecordingConnection connection, String id, String user) {
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
                + "\",\"extensions\":{\"authorization\":{\"Authorization\":\"user:"
                + user
                + "\"}}}}");
  }

  private static ChangeEntry post(String id, String owner) {
    return new ChangeEntry(
        ACME,
        "Post",
        id,
        ChangeOperation.CREATE,
        1,
        1000L,
        new Document("id", id).append("owner", owner));
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-21T12:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void whatAConnectionLogsCarriesItsUpgradeRequestsIdAndTheTenant() throws Exception {
    List<String> seen = new ArrayList<>();
    Realtime logged =
        new Realtime(
            new FakeBackend() {
              @Override
              public Subscriber authenticate(TenantId tenant, Map<String, String> headers)
                  throws RealtimeException {
                LogContext context = LogContext.current();
                seen.add(context.requestId() + " " + context.tenant());
                return super.authenticate(tenant, headers);
              }
            },
            RealtimeLimits.defaults(),
            clock);
    RealtimeSession session;
    try (LogContext.Scope upgrade = LogContext.open("upgrade-7", "acme")) {
      String header =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  "{\"Authorization\":\"user:alice\"}".getBytes(StandardCharsets.UTF_8));
      session = logged.open(ACME, List.of("graphql-ws", "header-" + header), null);
    }
    RecordingConnection connection = new RecordingConnection();
    session.onOpen(connection);

    session.onText(connection, "{\"type\":\"connection_init\"}");

    assertThat(seen).containsExactly("upgrade-7 acme");
    assertThat(LogContext.current()).as("nothing left on the container's thread").isNull();
  }
}
