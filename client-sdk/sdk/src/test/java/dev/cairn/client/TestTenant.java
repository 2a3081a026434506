package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.internal.Json;
import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.ClassTenant;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A tenant of a running Cairn server for the SDK's ITs, made through the admin API (sign-up,
 * schema, conflict strategies, an API key; the calls are the testkit's {@link CairnHttp}), with
 * plain GraphQL over HTTP to see what the server holds, as the SDK's own JSON maps.
 */
final class TestTenant {
  private final URI base;
  private final String slug;
  private final String apiKey;

  private TestTenant(URI base, String slug, String apiKey) {
    this.base = base;
    this.slug = slug;
    this.apiKey = apiKey;
  }

  /**
   * Signs up a tenant on the server at {@code base} with {@code schema} and {@code conflicts} (the
   * body of {@code PUT .../conflicts}, or null for the default) and makes an API key.
   */
  static TestTenant create(URI base, String consoleToken, String schema, String conflicts)
      throws Exception {
    CairnHttp cairn = CairnHttp.at(base);
    String slug = cairn.signUp(consoleToken, "sdk-", schema);
    if (conflicts != null) {
      cairn.expect(200, "PUT", "api/admin/tenants/" + slug + "/conflicts", consoleToken, conflicts);
    }
    return new TestTenant(base, slug, cairn.apiKey(consoleToken, slug));
  }

  /** A tenant already made (its slug and an API key) on the server at {@code base}. */
  static TestTenant of(URI base, String slug, String apiKey) {
    return new TestTenant(base, slug, apiKey);
  }

  /** The tenant a test class made once ({@link ClassTenant}, with its API key). */
  static TestTenant of(ClassTenant tenant) {
    return new TestTenant(tenant.base(), tenant.slug(), tenant.apiKey());
  }

  /** The same tenant reached at another base URL (e.g. through a proxy or another node). */
  TestTenant at(URI otherBase) {
    return new TestTenant(otherBase, slug, apiKey);
  }

  String slug() {
    return slug;
  }

  String apiKey() {
    return apiKey;
  }

  URI endpoint() {
    return CairnHttp.at(base).graphqlEndpoint(slug);
  }

  /** Runs a GraphQL operation with the API key; the answer must be HTTP 200. */
  Map<String, Object> graphql(String query, Map<String, Object> variables) throws Exception {
    HttpResponse<String> response =
        CairnHttp.at(base).graphql(slug, Map.of("x-api-key", apiKey), query, Json.write(variables));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.parseObject(response.body());
  }

  /**
   * The server's live (not deleted) records of {@code model} whose id starts with {@code prefix},
   * as {@code id -> record} with {@code _version}; {@code fields} is the selection without
   * metadata.
   */
  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> records(
      String model, String plural, String fields, String prefix) throws Exception {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    String nextToken = null;
    do {
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("nextToken", nextToken);
      Map<String, Object> answer =
          graphql(
              "query operation($nextToken: String) { sync"
                  + plural
                  + "(lastSync: 0, limit: 1000, nextToken: $nextToken) { items { "
                  + fields
                  + " _version _deleted } nextToken } }",
              variables);
      assertThat(answer.get("errors")).as(Json.write(answer)).isNull();
      Map<String, Object> page =
          (Map<String, Object>) ((Map<String, Object>) answer.get("data")).get("sync" + plural);
      for (Object item : (List<Object>) page.get("items")) {
        Map<String, Object> record = (Map<String, Object>) item;
        if (tagged(record, prefix) && !Boolean.TRUE.equals(record.get("_deleted"))) {
          out.put((String) record.get("id"), record);
        }
      }
      nextToken = (String) page.get("nextToken");
    } while (nextToken != null);
    return out;
  }

  /** Whether a record's id or title starts with {@code prefix}. */
  static boolean tagged(Map<String, Object> record, String prefix) {
    return String.valueOf(record.get("id")).startsWith(prefix)
        || String.valueOf(record.get("title")).startsWith(prefix);
  }

  /**
   * The {@code _version} of every live record of {@code model} in an SDK client's SQLite file, read
   * with a second connection (the store runs in WAL mode, so this reads beside the client).
   */
  static Map<String, Integer> localVersions(Path storeFile, String model) throws Exception {
    Map<String, Integer> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + storeFile);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, \"_version\" FROM \"" + model + "\" WHERE \"_deleted\" = 0")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getInt(2));
      }
    }
    return out;
  }

  /**
   * Waits until {@code condition} holds, checking again every {@code 200 ms} (the state compared
   * lives in other processes and files, which give no signal to wait on); fails after {@code
   * timeout} showing {@code describe}.
   */
  static void eventually(Duration timeout, Supplier<Boolean> condition, Supplier<String> describe)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + describe.get());
      }
      Thread.sleep(200);
    }
  }
}
