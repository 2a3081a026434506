package dev.cairn.examples.inventory;

import dev.cairn.client.CairnClient;
import dev.cairn.client.CairnEvent;
import dev.cairn.client.KeycloakAuth;
import dev.cairn.client.QuerySort;
import dev.cairn.examples.inventory.model.Models;
import dev.cairn.examples.inventory.model.Product;
import dev.cairn.examples.inventory.model.StockCount;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * An offline-first stock counter for the {@code inventory} example tenant: counts go into a local
 * SQLite file at once and reach the server whenever it is reachable. Run it while Cairn's Run
 * command is up; stop the server, keep counting, start it again and watch the outbox drain.
 */
public final class StockCounter {
  private StockCounter() {}

  public static void main(String[] args) throws Exception {
    String user = arg(args, "--user", "maria");
    String tenant = arg(args, "--tenant", "inventory");
    String device = arg(args, "--device", user + "-" + ProcessHandle.current().pid());
    CairnClient client =
        withModels(CairnClient.builder())
            .endpoint(
                URI.create(
                    arg(args, "--server", "http://localhost:8080") + "/t/" + tenant + "/graphql"))
            .auth(
                KeycloakAuth.password(
                    URI.create(arg(args, "--keycloak", "http://localhost:8180")),
                    "cairn-t-" + tenant,
                    "cairn-app",
                    user,
                    arg(args, "--password", user)))
            .storeFile(Path.of(arg(args, "--store", "stock-counter-" + user + ".db")))
            .errorHandler(e -> System.out.println("! " + e.getMessage()))
            .build();
    client.addEventListener(StockCounter::print);
    client.start();
    System.out.println("commands: product <sku> <name> | count <sku> <+n|-n> | list | quit");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
      String[] w = line.trim().split("\\s+", 3);
      try {
        switch (w[0]) {
          case "product" ->
              client.save(Product.builder().sku(w[1]).name(w[2]).active(true).build());
          case "count" -> count(client, w[1], Integer.parseInt(w[2].replace("+", "")), device);
          case "list" -> list(client);
          default -> System.out.println("?");
        }
      } catch (RuntimeException e) {
        System.out.println("! " + e.getMessage());
      }
    }
    client.close();
  }

  /**
   * Registers the app's generated models with the schema version they were generated from ({@code
   * Models.SCHEMA_HASH}), as every client of a real app should: the store then knows which version
   * of the schema it holds (an upgraded app migrates it in place), and the client reports a server
   * on another version with a {@code SchemaMismatch} event instead of failing obscurely.
   */
  static CairnClient.Builder withModels(CairnClient.Builder builder) {
    return builder.models(Models.all()).schemaHash(Models.SCHEMA_HASH);
  }

  /**
   * Adds {@code delta} to the product's count in bin W1/A1; the server sums every device's deltas.
   */
  static void count(CairnClient client, String sku, int delta, String device) {
    Product product =
        client.query(Product.TYPE, Product.SKU.eq(sku)).stream()
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException("no product " + sku + "; add it with `product`"));
    StockCount count =
        client.query(StockCount.TYPE, StockCount.PRODUCT_COUNTS_ID.eq(product.id())).stream()
            .findFirst()
            .orElse(
                StockCount.builder()
                    .productCountsId(product.id())
                    .binWarehouseId("W1")
                    .binCode("A1")
                    .quantity(0)
                    .build());
    client.save(
        count
            .withQuantity(count.quantity() + delta)
            .withCountedBy(List.of(device))
            .withLastCountedAt(Instant.now().toString()));
  }

  private static void list(CairnClient client) {
    for (Product p :
        client.query(
            Product.TYPE, Product.ACTIVE.eq(true), QuerySort.ascending(Product.SKU), null)) {
      System.out.printf("%-10s %-30s %6d%n", p.sku(), p.name(), quantity(client, p.sku()));
    }
  }

  /** The counted quantity of {@code sku} in the local store. */
  static int quantity(CairnClient client, String sku) {
    return client.query(Product.TYPE, Product.SKU.eq(sku)).stream()
        .mapToInt(
            p ->
                client.query(StockCount.TYPE, StockCount.PRODUCT_COUNTS_ID.eq(p.id())).stream()
                    .mapToInt(StockCount::quantity)
                    .sum())
        .sum();
  }

  private static void print(CairnEvent event) {
    if (event instanceof CairnEvent.NetworkStatus s) {
      System.out.println(s.active() ? "~ online" : "~ offline");
    } else if (event instanceof CairnEvent.SyncProgress p) {
      // one line per model's sync, redrawn in place while the pages arrive
      System.out.print("\r~ " + ProgressBar.render(p, 30) + (ProgressBar.done(p) ? "\n" : ""));
      System.out.flush();
    } else if (event instanceof CairnEvent.SchemaMismatch m) {
      System.out.println(
          "! the server's schema ("
              + m.serverHash()
              + ") is not this app's ("
              + m.appHash()
              + "); update the app or the server");
    } else if (event instanceof CairnEvent.ModelSynced s) {
      System.out.println(
          "~ "
              + s.model()
              + " synced ("
              + s.created()
              + " new, "
              + s.updated()
              + " updated, "
              + s.deleted()
              + " deleted)");
    } else if (event instanceof CairnEvent.OutboxMutationProcessed m) {
      System.out.println("~ sent " + m.model() + " v" + m.version());
    } else if (event instanceof CairnEvent.OutboxStatus o && o.empty()) {
      System.out.println("~ outbox empty");
    }
  }

  private static String arg(String[] args, String name, String otherwise) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return otherwise;
  }
}
