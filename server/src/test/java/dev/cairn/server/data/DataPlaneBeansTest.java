package dev.cairn.server.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.server.data.sync.SyncPage;
import dev.cairn.server.data.sync.SyncQueries;
import dev.cairn.spec.Model;
import jakarta.annotation.PreDestroy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The data plane's beans as the container uses them, on the embedded MongoDB stand-in. */
class DataPlaneBeansTest {
  static final Model NOTE = TestSchemas.note();
  @RegisterExtension static final MongoTestSupport mongo = new MongoTestSupport();

  @Test
  void stoppingTheApplicationClosesTheCursorsParkedBetweenSyncPages() throws Exception {
    StoreFixture fixture = new StoreFixture(mongo.client(), c -> new Resolution.Reject("none"));
    TenantId tenant = TenantId.of("b-" + UUID.randomUUID().toString().substring(0, 8));
    for (int i = 0; i < 3; i++) {
      fixture.store.create(
          tenant, NOTE, new HashMap<>(Map.of("id", "n" + i, "title", "t", "rating", i)), null);
    }
    AtomicInteger open = new AtomicInteger();
    DataPlaneBeans beans = new DataPlaneBeans();
    beans.tokenSecret = Optional.of("0123456789abcdef0123456789abcdef");
    beans.retentionDays = 30;
    SyncQueries queries = beans.syncQueries(countingCursors(fixture.store, open), fixture.clock);
    SyncPage first = queries.sync(tenant, NOTE, null, 0L, 2, null);
    int parkedBeforeStop = open.get();

    beans.closeParkedCursors();

    assertThat(first.nextToken()).isPresent();
    assertThat(parkedBeforeStop).isEqualTo(1);
    assertThat(open.get()).isZero();
    assertThat(
            DataPlaneBeans.class
                .getDeclaredMethod("closeParkedCursors")
                .isAnnotationPresent(PreDestroy.class))
        .as("the container calls it when the application stops")
        .isTrue();
  }

  /** {@code store}, counting the cursors its scans opened and that are not closed yet. */
  private static RecordStore countingCursors(RecordStore store, AtomicInteger open) {
    return (RecordStore)
        Proxy.newProxyInstance(
            RecordStore.class.getClassLoader(),
            new Class<?>[] {RecordStore.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (!(result instanceof RecordCursor cursor)) {
                return result;
              }
              open.incrementAndGet();
              return new RecordCursor() {
                @Override
                public Page next(int limit) {
                  return cursor.next(limit);
                }

                @Override
                public void close() {
                  open.decrementAndGet();
                  cursor.close();
                }
              };
            });
  }
}
