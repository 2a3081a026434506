package dev.cairn.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.cairn.client.Auth;
import dev.cairn.client.CairnClient;
import dev.cairn.client.CairnEvent;
import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.QueryField;
import dev.cairn.testkit.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.bson.Document;

/**
 * What the SDK's schema migration and re-scoping cost on a large store (a main, not a test): the
 * real WAR on Payara Micro with the test stack, {@code bench.records} (100,000) Items on the server
 * (one written by Cairn, the rest copied in its stored shape with the raw driver, as {@link
 * SyncBench} seeds), then one SDK device on one SQLite file: a first full sync with schema v1 (the
 * full re-sync baseline), a compatible upgrade (v2 adds {@code color}), an incompatible one (v3
 * removes {@code size}), and two sync-expression changes. For each: wall time from building the
 * client (which migrates the store) or from the change, to the engine being ready, and the records
 * fetched. Figures go to {@code client-sdk/bench/target/store-upgrade-results.md}.
 */
public final class StoreUpgradeBench {
  private static final String V1 =
      "type Item @model @auth(rules: [{ allow: public }]) { id: ID! name: String! size: Int }";
  private static final String V2 =
      "type Item @model @auth(rules: [{ allow: public }]) { id: ID! name: String! size: Int"
          + " color: String }";
  private static final String V3 =
      "type Item @model @auth(rules: [{ allow: public }]) { id: ID! name: String! color:"
          + " String }";

  private final Path war =
      Path.of(System.getProperty("bench.war", "server/target/cairn-server.war"));
  private final Path out =
      Path.of(
          System.getProperty(
              "bench.upgradeOut", "client-sdk/bench/target/store-upgrade-results.md"));
  private final int records = Integer.getInteger("bench.records", 100_000);
  private final Path runDir =
      out.toAbsolutePath().getParent().resolve("store-upgrade-run-" + System.currentTimeMillis());
  private final StringBuilder md = new StringBuilder();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public static void main(String[] args) throws Exception {
    int status = 1;
    try {
      new StoreUpgradeBench().run();
      status = 0;
    } catch (Exception | Error e) {
      e.printStackTrace(); // System.exit below would otherwise swallow it
    } finally {
      System.exit(status); // runs the test stack's shutdown hook, which stops Keycloak
    }
  }

  private void run() throws Exception {
    line("# SDK store upgrade and re-scope benchmark");
    line("");
    line(
        "Run "
            + Instant.now()
            + " on "
            + Runtime.getRuntime().availableProcessors()
            + " cores, shared by Payara Micro, the embedded MongoDB, Keycloak and this JVM; "
            + records
            + " Items; one device, page size 1000.");
    line("");
    line("| step | wall time (s) | records fetched | other |");
    line("| --- | --- | --- | --- |");
    TestStack stack = TestStack.get();
    Files.createDirectories(runDir);
    try (MongoClient mongo = MongoClients.create(stack.mongo().connectionString());
        CairnServer server = CairnServer.start(stack, war, "1g", runDir, http, V1)) {
      String console = stack.keycloak().consoleToken();
      graphql(
          server,
          "mutation { createItem(input: {id: \"sample\", name: \"sample\", size: 0}) { id } }");
      seed(mongo.getDatabase(server.databaseName()).getCollection("Item"));
      Path file = runDir.resolve("device.db");

      Step full = open(server, file, item(true, false));
      row("full sync, schema v1 (the full re-sync baseline)", full, "");
      full.client().close();

      publish(server, console, V2, false);
      Step compatible = open(server, file, item(true, true));
      row(
          "compatible upgrade v1 → v2 (new optional field)",
          compatible,
          "migration in build(): "
              + ms(compatible.buildNanos())
              + " ms; "
              + compatible.client().storeMigration().migrated());
      compatible.client().close();

      publish(server, console, V3, true);
      Step incompatible = open(server, file, item(false, true));
      row(
          "incompatible upgrade v2 → v3 (field removed)",
          incompatible,
          "migration in build(): "
              + ms(incompatible.buildNanos())
              + " ms; rebuilt "
              + incompatible.client().storeMigration().rebuilt().keySet());

      CairnClient device = incompatible.client();
      QueryField<String> name = QueryField.of("name");
      ModelType<?> v3 = incompatible.type();
      Step narrowed =
          rescope(device, () -> device.setSyncExpression(v3, name.beginsWith("seeded 1")));
      row("re-scope: everything → name beginsWith \"seeded 1\"", narrowed, narrowed.note());
      Step shifted =
          rescope(device, () -> device.setSyncExpression(v3, name.beginsWith("seeded 2")));
      row("re-scope: \"seeded 1\" → \"seeded 2\"", shifted, shifted.note());
      device.close();
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, md.toString());
    System.out.println(md);
    System.out.println("written to " + out.toAbsolutePath());
  }

  record Step(
      CairnClient client,
      ModelType<?> type,
      long buildNanos,
      long nanos,
      long fetched,
      String note) {}

  private Step open(CairnServer server, Path file, ModelType<?> type) throws Exception {
    List<CairnEvent> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    long t0 = System.nanoTime();
    CairnClient client =
        CairnClient.builder()
            .endpoint(server.graphql())
            .auth(Auth.apiKey(server.apiKey))
            .models(type)
            .storeFile(file)
            .build();
    long built = System.nanoTime() - t0;
    client.addEventListener(
        e -> {
          events.add(e);
          if (e instanceof CairnEvent.Ready) {
            ready.complete(null);
          }
        });
    client.start();
    ready.get(30, TimeUnit.MINUTES);
    long nanos = System.nanoTime() - t0;
    long fetched =
        count(events, e -> e instanceof CairnEvent.ModelSynced s ? s.received() : -1)
            + count(events, e -> e instanceof CairnEvent.FieldsFilled f ? f.received() : -1);
    return new Step(client, type, built, nanos, fetched, "");
  }

  private Step rescope(CairnClient device, Runnable change) throws Exception {
    CompletableFuture<CairnEvent.ScopeChanged> scoped = new CompletableFuture<>();
    CompletableFuture<Void> synced = new CompletableFuture<>();
    var subscription =
        device.addEventListener(
            e -> {
              if (e instanceof CairnEvent.ScopeChanged s) {
                scoped.complete(s);
              } else if (e instanceof CairnEvent.ModelSynced && scoped.isDone()) {
                synced.complete(null);
              }
            });
    long t0 = System.nanoTime();
    change.run();
    CairnEvent.ScopeChanged s = scoped.get(30, TimeUnit.MINUTES);
    synced.get(30, TimeUnit.MINUTES);
    long nanos = System.nanoTime() - t0;
    subscription.close();
    return new Step(device, null, 0, nanos, s.fetched(), "evicted " + s.evicted());
  }

  private static long count(List<CairnEvent> events, ToLongFunction<CairnEvent> f) {
    return events.stream().mapToLong(f).filter(v -> v >= 0).sum();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ModelType<?> item(boolean size, boolean color) {
    ModelType.Builder<LinkedHashMap<String, Object>> b =
        (ModelType.Builder) ModelType.builder(LinkedHashMap.class, "Item", "Items");
    b.field(ModelField.of("id", FieldKind.ID, true));
    b.field(ModelField.of("name", FieldKind.STRING, true));
    if (size) {
      b.field(ModelField.of("size", FieldKind.INT, false));
    }
    if (color) {
      b.field(ModelField.of("color", FieldKind.STRING, false));
    }
    return b.codec(m -> m, LinkedHashMap::new).build();
  }

  private void seed(MongoCollection<Document> items) {
    Document sample = items.find().first();
    if (sample == null || !sample.get("_id").equals(sample.get("id"))) {
      throw new IllegalStateException("cannot copy the stored shape of " + sample);
    }
    // Timestamps in the past (one ms apart), as records written before the device first syncs.
    long now = System.currentTimeMillis() - records - 60_000;
    List<Document> batch = new ArrayList<>();
    for (int i = 1; i < records; i++) {
      Document d = new Document(sample);
      String id = "item-" + i;
      String at = Instant.ofEpochMilli(now + i).toString();
      d.put("_id", id);
      d.put("id", id);
      d.put("name", "seeded " + i);
      d.put("size", i % 10);
      d.put("createdAt", at);
      d.put("updatedAt", at);
      d.put("_lastChangedAt", now + i);
      batch.add(d);
      if (batch.size() == 1000) {
        items.insertMany(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      items.insertMany(batch);
    }
    System.out.println("seeded " + items.countDocuments() + " Items");
  }

  private void publish(CairnServer server, String console, String sdl, boolean breaking)
      throws Exception {
    send(
        HttpRequest.newBuilder(
                URI.create(
                    server.base
                        + "api/admin/tenants/"
                        + server.tenant
                        + "/schemas?confirmBreaking="
                        + breaking))
            .header("Authorization", "Bearer " + console)
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(sdl))
            .build());
  }

  private void graphql(CairnServer server, String query) throws Exception {
    String body =
        send(
            HttpRequest.newBuilder(server.graphql())
                .header("Content-Type", "application/json")
                .header("x-api-key", server.apiKey)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"query\":\"" + query.replace("\"", "\\\"") + "\"}"))
                .build());
    if (body.contains("\"errors\"")) {
      throw new IllegalStateException(body);
    }
  }

  private String send(HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          request.uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private void row(String step, Step s, String other) {
    line(String.format("| %s | %.1f | %d | %s |", step, s.nanos() / 1e9, s.fetched(), other));
    System.out.println(md);
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private void line(String text) {
    md.append(text).append('\n');
  }
}
