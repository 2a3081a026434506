package dev.cairn.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.changes.ChangeOperation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact text of every message kind both realtime protocols send (APPSYNC.md §5 and
 * graphql-transport-ws), byte for byte, including the escaping of ids and error messages that carry
 * quotes, backslashes, control characters and non-ASCII text. A client parses these, so a change of
 * writer must not change them.
 */
class RealtimeMessagesTest {
  private static final TenantId ACME = TenantId.of("acme");

  /** An id that needs every kind of escape (a quote, a backslash, a newline, a control char). */
  private static final String ODD_ID = "s\"1\\/é\n\u0007";

  private static final String ODD_ID_JSON = "\"s\\\"1\\\\/é\\n\\u0007\"";

  /** An error message as awkward as the id. */
  private static final String ODD_MESSAGE = "bad \"quote\" \\ tab\t cr\r ff\f bs\b ü \u001f";

  private static final String ODD_MESSAGE_JSON =
      "\"bad \\\"quote\\\" \\\\ tab\\t cr\\r ff\\f bs\\b ü \\u001f\"";

  private static final String AS_ALICE =
      "\"extensions\":{\"authorization\":{\"Authorization\":\"user:alice\"}}";

  /** The stand-in backend, refusing the user "odd" with {@link #ODD_MESSAGE}. */
  private final Realtime realtime =
      new Realtime(
          new FakeBackend() {
            @Override
            public CompiledSubscription compile(
                TenantId tenant, Subscriber subscriber, String query, Map<String, Object> variables)
                throws RealtimeException {
              if (((User) subscriber).name().equals("odd")) {
                throw new RealtimeException("Odd\"Type", ODD_MESSAGE);
              }
              return super.compile(tenant, subscriber, query, variables);
            }
          },
          RealtimeLimits.defaults(),
          Clock.fixed(Instant.ofEpochMilli(1000), ZoneOffset.UTC));

  @Test
  void appSyncConnectionAckAndKeepAlive() throws Exception {
    RecordingConnection alice = appSync("alice");

    assertThat(alice.sent)
        .containsExactly(
            "{\"type\":\"connection_ack\",\"payload\":{\"connectionTimeoutMs\":300000}}",
            "{\"type\":\"ka\"}");
  }

  @Test
  void appSyncConnectionError() throws Exception {
    RealtimeSession session = realtime.open(ACME, List.of("graphql-ws"), null);
    RecordingConnection connection = new RecordingConnection();
    session.onOpen(connection);

    session.onText(connection, "{\"type\":\"connection_init\"}");

    assertThat(connection.sent)
        .containsExactly(
            "{\"type\":\"connection_error\",\"payload\":{\"errors\":[{\"errorType\":\"UnauthorizedException\",\"message\":\"no valid token\",\"errorCode\":401}]}}");
  }

  @Test
  void appSyncStartAckDataAndCompleteEscapeTheId() throws Exception {
    RecordingConnection alice = appSync("alice");
    alice.drain();

    start(alice, ODD_ID, "alice");
    realtime.fanOut().publish(post("p1", "alice"));
    stop(alice, ODD_ID);

    assertThat(alice.sent)
        .containsExactly(
            "{\"type\":\"start_ack\",\"id\":" + ODD_ID_JSON + "}",
            "{\"type\":\"data\",\"id\":"
                + ODD_ID_JSON
                + ",\"payload\":{\"data\":{\"onCreatePost\":{\"id\":\"p1\",\"_version\":1}}}}",
            "{\"type\":\"complete\",\"id\":" + ODD_ID_JSON + "}");
  }

  @Test
  void appSyncErrorOfAStartEscapesTypeAndMessage() throws Exception {
    RecordingConnection odd = appSync("odd");
    odd.drain();

    start(odd, ODD_ID, "odd");

    assertThat(odd.sent)
        .containsExactly(
            "{\"type\":\"error\",\"id\":"
                + ODD_ID_JSON
                + ",\"payload\":{\"errors\":[{\"errorType\":\"Odd\\\"Type\",\"message\":"
                + ODD_MESSAGE_JSON
                + "}]}}");
  }

  @Test
  void appSyncErrorWithoutAnIdLeavesTheIdOut() throws Exception {
    RecordingConnection alice = appSync("alice");
    alice.drain();

    sessionOf(alice).onText(alice, "{\"type\":\"start\"}");

    assertThat(alice.sent)
        .containsExactly(
            "{\"type\":\"error\",\"payload\":{\"errors\":[{\"errorType\":\"BadRequestException\",\"message\":\"a `start` needs an `id`\"}]}}");
  }

  @Test
  void transportWsAckPongNextAndError() throws Exception {
    RealtimeSession session = realtime.open(ACME, List.of("graphql-transport-ws"), null);
    RecordingConnection connection = new RecordingConnection();
    session.onOpen(connection);

    session.onText(
        connection,
        "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"user:alice\"}}");
    session.onText(connection, "{\"type\":\"ping\"}");
    session.onText(
        connection,
        "{\"type\":\"subscribe\",\"id\":"
            + ODD_ID_JSON
            + ",\"payload\":{\"query\":\"subscription { onCreatePost { id } }\","
            + AS_ALICE
            + "}}");
    realtime.fanOut().publish(post("p1", "alice"));
    session.onText(
        connection,
        "{\"type\":\"subscribe\",\"id\":\"q\\\"2\",\"payload\":{\"query\":\"subscription { x\\n }\","
            + AS_ALICE
            + "}}");

    assertThat(connection.sent)
        .containsExactly(
            "{\"type\":\"connection_ack\"}",
            "{\"type\":\"pong\"}",
            "{\"type\":\"next\",\"id\":"
                + ODD_ID_JSON
                + ",\"payload\":{\"data\":{\"onCreatePost\":{\"id\":\"p1\",\"_version\":1}}}}",
            "{\"type\":\"error\",\"id\":\"q\\\"2\",\"payload\":[{\"message\":\"unknown field in"
                + " subscription { x\\n }\",\"extensions\":{\"errorType\":\"ValidationError\"}}]}");
  }

  @Test
  void transportWsKeepAliveIsAPing() throws Exception {
    assertThat(new String(keepAlive("graphql-transport-ws"), StandardCharsets.UTF_8))
        .endsWith("{\"type\":\"ping\"}");
    assertThat(new String(keepAlive("graphql-ws"), StandardCharsets.UTF_8))
        .endsWith("{\"type\":\"ka\"}");
  }

  private byte[] keepAlive(String protocol) throws RealtimeException {
    return realtime.open(ACME, List.of(protocol), null).keepAliveFrame();
  }

  private RecordingConnection appSync(String user) throws RealtimeException {
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"Authorization\":\"user:" + user + "\"}").getBytes(StandardCharsets.UTF_8));
    RealtimeSession session = realtime.open(ACME, List.of("graphql-ws", "header-" + header), null);
    RecordingConnection connection = new RecordingConnection();
    session.onOpen(connection);
    session.onText(connection, "{\"type\":\"connection_init\"}");
    connection.session = session;
    return connection;
  }

  private static RealtimeSession sessionOf(RecordingConnection connection) {
    return connection.session;
  }

  private static void start(RecordingConnection connection, String id, String user) {
    String data =
        "{\\\"query\\\":\\\"subscription operation { onCreatePost { id } }\\\",\\\"variables\\\":{}}";
    sessionOf(connection)
        .onText(
            connection,
            "{\"id\":"
                + jsonOf(id)
                + ",\"type\":\"start\",\"payload\":{\"data\":\""
                + data
                + "\",\"extensions\":{\"authorization\":{\"Authorization\":\"user:"
                + user
                + "\"}}}}");
  }

  private static void stop(RecordingConnection connection, String id) {
    sessionOf(connection).onText(connection, "{\"type\":\"stop\",\"id\":" + jsonOf(id) + "}");
  }

  private static String jsonOf(String id) {
    return id.equals(ODD_ID) ? ODD_ID_JSON : "\"" + id + "\"";
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
}
