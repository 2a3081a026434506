package dev.cairn.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.changes.ChangeOperation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A change with many groups of subscribers is shared between the fan-out's thread and its helpers,
 * and still reaches every subscriber exactly once per change, in journal order.
 */
class ParallelFanOutTest {
  private static final TenantId ACME = TenantId.of("acme");

  private final Set<String> askingThreads = ConcurrentHashMap.newKeySet();
  private final ExecutorService helpers = Executors.newFixedThreadPool(1);

  @AfterEach
  void stop() {
    helpers.shutdownNow();
  }

  /**
   * The default limits with connection rates no test can exceed: the test opens hundreds of
   * connections from one address and tenant within milliseconds.
   */
  private static final RealtimeLimits UNTHROTTLED =
      new RealtimeLimits(
          RealtimeLimits.defaults().maxConnectionsPerTenant(),
          RealtimeLimits.defaults().maxSubscriptionsPerConnection(),
          RealtimeLimits.defaults().maxMessageBytes(),
          RealtimeLimits.defaults().maxQueuedBytes(),
          1_000_000,
          1_000_000,
          1_000_000,
          RealtimeLimits.defaults().initTimeout(),
          RealtimeLimits.defaults().keepAliveInterval());

  @Test
  void manyGroupsAreSharedWithTheHelpersAndEachSubscriberGetsEveryChangeOnceInOrder()
      throws Exception {
    Realtime realtime = new Realtime(new EveryChange(), UNTHROTTLED, Clock.systemUTC());
    realtime.fanOut().parallel(helpers, 2);
    int subscribers = FanOut.PARALLEL_FROM_GROUPS * 2;
    List<RecordingConnection> connections = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      connections.add(subscribe(realtime, "user" + i));
    }

    List<Integer> sent = new ArrayList<>();
    for (int v = 1; v <= 3; v++) {
      sent.add(realtime.fanOut().publish(change("p" + v)));
    }

    assertThat(sent).containsExactly(subscribers, subscribers, subscribers);
    assertThat(askingThreads).as("the fan-out's thread and a helper").hasSize(2);
    for (RecordingConnection connection : connections) {
      assertThat(connection.sent)
          .containsExactly(
              "{\"type\":\"data\",\"id\":\"s\",\"payload\":{\"data\":{\"onCreatePost\":{\"id\":\"p1\"}}}}",
              "{\"type\":\"data\",\"id\":\"s\",\"payload\":{\"data\":{\"onCreatePost\":{\"id\":\"p2\"}}}}",
              "{\"type\":\"data\",\"id\":\"s\",\"payload\":{\"data\":{\"onCreatePost\":{\"id\":\"p3\"}}}}");
    }
  }

  @Test
  void fewGroupsStayOnTheFanOutsThread() throws Exception {
    Realtime realtime =
        new Realtime(new EveryChange(), RealtimeLimits.defaults(), Clock.systemUTC());
    realtime.fanOut().parallel(helpers, 2);
    for (int i = 0; i < 10; i++) {
      subscribe(realtime, "user" + i);
    }

    int sent = realtime.fanOut().publish(change("p1"));

    assertThat(sent).isEqualTo(10);
    assertThat(askingThreads).containsExactly(Thread.currentThread().getName());
  }

  private static RecordingConnection subscribe(Realtime realtime, String user)
      throws RealtimeException {
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"Authorization\":\"user:" + user + "\"}").getBytes(StandardCharsets.UTF_8));
    RealtimeSession session = realtime.open(ACME, List.of("graphql-ws", "header-" + header), null);
    RecordingConnection connection = new RecordingConnection();
    session.onOpen(connection);
    session.onText(connection, "{\"type\":\"connection_init\"}");
    session.onText(
        connection,
        "{\"id\":\"s\",\"type\":\"start\",\"payload\":{\"data\":"
            + "\"{\\\"query\\\":\\\"subscription { onCreatePost { id } }\\\"}\"}}");
    connection.drain();
    return connection;
  }

  private static ChangeEntry change(String id) {
    return new ChangeEntry(
        ACME, "Post", id, ChangeOperation.CREATE, 1, 1000L, new Document("id", id));
  }

  /** Every subscriber wants every change; each subscription is its own group. */
  private final class EveryChange extends FakeBackend {
    @Override
    public CompiledSubscription compile(
        TenantId tenant, Subscriber subscriber, String query, Map<String, Object> variables) {
      return new CompiledSubscription() {
        @Override
        public String model() {
          return "Post";
        }

        @Override
        public ChangeOperation operation() {
          return ChangeOperation.CREATE;
        }

        @Override
        public boolean wants(ChangeEntry change) {
          askingThreads.add(Thread.currentThread().getName());
          return true;
        }

        @Override
        public Object renderKey(ChangeInFlight change) {
          return "onCreatePost";
        }

        @Override
        public String render(ChangeInFlight change) {
          return "{\"data\":{\"onCreatePost\":{\"id\":\"" + change.change().recordId() + "\"}}}";
        }
      };
    }
  }
}
