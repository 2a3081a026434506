package dev.cairn.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.observability.LogContext;
import dev.cairn.server.realtime.AppSyncSessionTest.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every connection the node refuses or ends itself is logged once, with its tenant, its connection
 * id and why; closes a client makes are not; the log is rate-limited.
 */
class CloseLogTest {
  private static final TenantId ACME = TenantId.of("acme");

  private final MutableClock clock = new MutableClock();
  private final Logger logger = Logger.getLogger(CloseLog.LOGGER);
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(capture);
  }

  @Test
  void aRefusedConnectionInitIsLoggedWithTenantConnectionIdAndReason() throws Exception {
    Realtime realtime = new Realtime(new FakeBackend(), RealtimeLimits.defaults(), clock);
    SessionConnection connection = open(realtime, "upgrade-1", null);

    connection.session.onText(connection, "{\"type\":\"connection_init\"}");

    assertThat(connection.closeCode).as("the wire is unchanged").isEqualTo(1000);
    assertThat(connection.closeReason).isEqualTo("unauthorized");
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getLevel()).isEqualTo(Level.INFO);
    assertThat(records.get(0).getMessage())
        .contains("upgrade-1", "tenant acme", "(1000)", "not authenticated", "no valid token");
  }

  @Test
  void aConnectionOverTheTenantsLimitIsLoggedAsAWarning() throws Exception {
    Realtime realtime = new Realtime(new FakeBackend(), limitOfOne(), clock);
    SessionConnection first = open(realtime, "upgrade-1", "alice");
    first.session.onText(first, "{\"type\":\"connection_init\"}");
    SessionConnection second = open(realtime, "upgrade-2", "bob");

    second.session.onText(second, "{\"type\":\"connection_init\"}");

    assertThat(second.closeCode).isEqualTo(1013);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
    assertThat(records.get(0).getMessage())
        .contains("upgrade-2", "tenant acme", "too many realtime connections on this node");
  }

  @Test
  void aSilentConnectionClosedAfterTheInitTimeoutIsLoggedOnceEvenWhenClosedAgain()
      throws Exception {
    Realtime realtime = new Realtime(new FakeBackend(), RealtimeLimits.defaults(), clock);
    SessionConnection silent = open(realtime, "upgrade-9", null);

    clock.advance(Duration.ofSeconds(16));
    realtime.tick();
    realtime.tick(); // the session stays registered until the transport reports the close
    silent.session.onClose(silent, 1008, "no connection_init within the time allowed");

    assertThat(silent.closeCode).isEqualTo(1008);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getMessage()).contains("upgrade-9", "no connection_init within 15 s");
  }

  @Test
  void aCloseTheTransportDecidesIsLoggedAndAClientsOwnCloseIsNot() throws Exception {
    Realtime realtime = new Realtime(new FakeBackend(), RealtimeLimits.defaults(), clock);
    SessionConnection slow = open(realtime, "upgrade-3", "alice");
    SessionConnection leaving = open(realtime, "upgrade-4", "bob");
    SessionConnection dropped = open(realtime, "upgrade-5", "carol");

    slow.session.onClose(slow, 1013, "send queue full: the client reads too slowly");
    leaving.session.onClose(leaving, 1000, "bye");
    dropped.session.onClose(dropped, 1006, "connection dropped");

    assertThat(records).hasSize(1);
    assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
    assertThat(records.get(0).getMessage())
        .contains("upgrade-3", "tenant acme", "(1013)", "send queue full");
  }

  @Test
  void anUpgradeOverTheAddressLimitIsLoggedWithTheAddress() throws Exception {
    RealtimeLimits onePending = RealtimeLimits.defaults().withAddressLimits(500, 1);
    Realtime realtime = new Realtime(new FakeBackend(), onePending, clock);
    realtime.open(ACME, List.of("graphql-ws"), null, "203.0.113.7");

    RealtimeException refused = null;
    try (LogContext.Scope upgrade = LogContext.open("upgrade-6", "acme")) {
      realtime.open(ACME, List.of("graphql-ws"), null, "203.0.113.7");
    } catch (RealtimeException e) {
      refused = e;
    }

    assertThat(refused).isNotNull();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
    assertThat(records.get(0).getMessage())
        .contains("upgrade-6", "tenant acme", "(429)", "203.0.113.7", refused.getMessage());
  }

  @Test
  void stoppingTheNodeLogsOneLineForAllItCloses() throws Exception {
    Realtime realtime = new Realtime(new FakeBackend(), RealtimeLimits.defaults(), clock);
    for (int i = 0; i < 3; i++) {
      SessionConnection c = open(realtime, "upgrade-" + i, "user" + i);
      c.session.onText(c, "{\"type\":\"connection_init\"}");
    }

    realtime.closeAll(1001, "the server is stopping; reconnect");

    assertThat(records).hasSize(1);
    assertThat(records.get(0).getMessage())
        .contains("closing 3 realtime connection(s)", "1001", "acme=3");
  }

  @Test
  void linesBeyondTheWindowsShareAreCountedAndReportedWithTheNextLine() {
    CloseLog log = new CloseLog(clock);
    for (int i = 0; i < CloseLog.LINES_PER_WINDOW + 5; i++) {
      log.closed(ACME, "c" + i, 1013, "over the limit", Level.WARNING);
    }

    assertThat(records).hasSize(CloseLog.LINES_PER_WINDOW);
    assertThat(log.leftOut()).isEqualTo(5);

    clock.advance(Duration.ofMillis(CloseLog.WINDOW_MS));
    log.closed(ACME, "later", 1013, "over the limit", Level.WARNING);

    assertThat(records).hasSize(CloseLog.LINES_PER_WINDOW + 1);
    assertThat(records.get(records.size() - 1).getMessage())
        .contains("later", "[5 more such closes were not logged before this one]");
    assertThat(log.leftOut()).isZero();
  }

  private static RealtimeLimits limitOfOne() {
    RealtimeLimits d = RealtimeLimits.defaults();
    return new RealtimeLimits(
        1,
        d.maxSubscriptionsPerConnection(),
        d.maxMessageBytes(),
        d.maxQueuedBytes(),
        d.connectionsPerSecondPerTenant(),
        d.connectionsPerSecondPerAddress(),
        d.maxPendingPerAddress(),
        d.initTimeout(),
        d.keepAliveInterval());
  }

  /** A connection opened in upgrade request {@code requestId}, as {@code user} (null: no auth). */
  private static SessionConnection open(Realtime realtime, String requestId, String user)
      throws RealtimeException {
    List<String> protocols = new ArrayList<>(List.of("graphql-ws"));
    if (user != null) {
      protocols.add(
          "header-"
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(
                      ("{\"Authorization\":\"user:" + user + "\"}")
                          .getBytes(StandardCharsets.UTF_8)));
    }
    RealtimeSession session;
    try (LogContext.Scope upgrade = LogContext.open(requestId, ACME.slug())) {
      session = realtime.open(ACME, protocols, null);
    }
    SessionConnection connection = new SessionConnection(session);
    session.onOpen(connection);
    return connection;
  }

  /** A recording connection that knows its session. */
  private static final class SessionConnection extends RecordingConnection {
    final RealtimeSession session;

    SessionConnection(RealtimeSession session) {
      this.session = session;
    }
  }
}
