package dev.cairn.examples.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.CairnClient;
import dev.cairn.client.CairnEvent;
import dev.cairn.client.KeycloakAuth;
import dev.cairn.examples.inventory.model.Product;
import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock counter's code on a tenant with the {@code inventory} example schema, on the real
 * server WAR with real Keycloak users (a manager and a counter) and real SQLite files: counts made
 * on two devices while both are offline converge once they reconnect.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class StockCounterIT {
  private final List<CairnClient> clients = new ArrayList<>();
  @ArquillianResource URL base;
  @TempDir Path dir;

  @Deployment(testable = false)
  static WebArchive server() {
    return Deployments.server();
  }

  @AfterEach
  void close() {
    clients.forEach(CairnClient::close);
  }

  @Test
  void countsMadeOfflineOnTwoDevicesConvergeWhenBothReconnect(TestKeycloak keycloak)
      throws Exception {
    String tenant = "inv-" + UUID.randomUUID().toString().substring(0, 8);
    String console = keycloak.consoleToken();
    assertThat(admin("POST", "api/admin/tenants", console, "{\"slug\":\"" + tenant + "\"}"))
        .isEqualTo(201);
    String schema = Files.readString(Path.of("../../tenants/examples/inventory/schema.graphql"));
    assertThat(admin("POST", "api/admin/tenants/" + tenant + "/schemas", console, schema))
        .isEqualTo(201);
    keycloak.createAppUser(tenant, "maria", "pw", "managers");
    keycloak.createAppUser(tenant, "sam", "pw");
    BlockingQueue<CairnEvent> mariaEvents = new LinkedBlockingQueue<>();
    BlockingQueue<CairnEvent> samEvents = new LinkedBlockingQueue<>();
    CairnClient maria = client(keycloak, tenant, "maria", mariaEvents);
    CairnClient sam = client(keycloak, tenant, "sam", samEvents);

    maria.start();
    await(mariaEvents, e -> e instanceof CairnEvent.Ready);
    maria.save(Product.builder().sku("A-1").name("Anchor").active(true).build());
    StockCounter.count(maria, "A-1", 5, "maria-phone");
    await(mariaEvents, e -> e instanceof CairnEvent.OutboxStatus s && s.empty());
    sam.start();
    List<CairnEvent> samFirstSync = await(samEvents, e -> e instanceof CairnEvent.Ready);
    assertThat(StockCounter.quantity(sam, "A-1")).isEqualTo(5);
    // the progress bar of the first sync: the server estimated each model's total, and the
    // client, registered with the generated SCHEMA_HASH, found the server on the same schema
    assertThat(samFirstSync)
        .filteredOn(e -> e instanceof CairnEvent.SyncProgress p && p.model().equals("Product"))
        .singleElement()
        .satisfies(
            e -> {
              CairnEvent.SyncProgress p = (CairnEvent.SyncProgress) e;
              assertThat(p.estimatedTotal()).hasValue(1);
              assertThat(ProgressBar.render(p, 10)).isEqualTo("Product [##########] 100%  1/1");
            });
    assertThat(samFirstSync).noneMatch(e -> e instanceof CairnEvent.SchemaMismatch);

    maria.stop();
    sam.stop();
    StockCounter.count(maria, "A-1", 2, "maria-phone");
    StockCounter.count(sam, "A-1", 3, "sam-phone");
    assertThat(StockCounter.quantity(maria, "A-1")).isEqualTo(7);
    assertThat(StockCounter.quantity(sam, "A-1")).isEqualTo(8);
    mariaEvents.clear();
    samEvents.clear();
    maria.start();
    await(mariaEvents, e -> e instanceof CairnEvent.OutboxStatus s && s.empty());
    sam.start();
    await(samEvents, e -> e instanceof CairnEvent.OutboxStatus s && s.empty());

    // The quantity field uses the COUNTER policy: both devices' increments land.
    awaitQuantity(maria, mariaEvents, 10);
    awaitQuantity(sam, samEvents, 10);
  }

  private void awaitQuantity(CairnClient client, BlockingQueue<CairnEvent> events, int expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (StockCounter.quantity(client, "A-1") != expected && System.nanoTime() < deadline) {
      events.poll(1, TimeUnit.SECONDS); // woken by the engine's events; no fixed sleep
    }
    assertThat(StockCounter.quantity(client, "A-1")).isEqualTo(expected);
  }

  /** Waits for an event matching {@code match}; returns the events taken, that one included. */
  private static List<CairnEvent> await(
      BlockingQueue<CairnEvent> events, Predicate<CairnEvent> match) throws InterruptedException {
    List<CairnEvent> taken = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      CairnEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (e != null) {
        taken.add(e);
        if (match.test(e)) {
          return taken;
        }
      }
    }
    throw new AssertionError("timed out waiting for an event; saw " + taken);
  }

  private CairnClient client(
      TestKeycloak keycloak, String tenant, String user, BlockingQueue<CairnEvent> events) {
    CairnClient client =
        StockCounter.withModels(CairnClient.builder())
            .endpoint(URI.create(base.toString()).resolve("t/" + tenant + "/graphql"))
            .auth(
                KeycloakAuth.password(
                    URI.create(keycloak.url()),
                    TestKeycloak.tenantRealm(tenant),
                    "cairn-app",
                    user,
                    "pw"))
            .storeFile(dir.resolve(user + ".db"))
            .build();
    client.addEventListener(events::add);
    clients.add(client);
    return client;
  }

  private int admin(String method, String path, String token, String body) throws Exception {
    return CairnHttp.at(base).admin(method, path, token, body).statusCode();
  }
}
