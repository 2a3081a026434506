package dev.cairn.launcher.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's decisions (what it creates on a first start, that a later start only looks, that a
 * cut-off load is completed) against a small in-process stand-in for Cairn's admin API and
 * Keycloak's token and admin endpoints: a unit test cannot run either. The real parts are exercised
 * by the run command itself (README, Run).
 */
class ExampleTenantsTest {
  @TempDir Path dir;
  private HttpServer server;
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> tenants = new HashSet<>();
  private final Set<String> published = new HashSet<>();
  private final Set<String> users = new HashSet<>();
  private boolean tenantOwnedBySomeoneElse;
  private long flagsVersion;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aFirstStartSignsUpPublishesCreatesUsersAndKeepsTheApiKeyOwnerOnly() throws IOException {
    TenantDescriptor shop = example("shop", true);

    List<ExampleTenants.Loaded> loaded = loader().load(List.of(shop));

    assertThat(loaded).singleElement().satisfies(l -> assertThat(l.created()).isTrue());
    assertThat(calls)
        .contains(
            "POST /api/admin/tenants",
            "POST /api/admin/tenants/shop/schemas",
            "PUT /api/admin/tenants/shop/conflicts",
            "POST /admin/realms/cairn-t-shop/groups",
            "POST /admin/realms/cairn-t-shop/users",
            "POST /api/admin/tenants/shop/api-keys");
    Path key = loaded.get(0).apiKeyFile();
    assertThat(key).hasContent("cairn_plaintext");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
  }

  @Test
  void aSecondStartOnlyListsTheTenants() throws IOException {
    TenantDescriptor shop = example("shop", true);
    loader().load(List.of(shop));
    calls.clear();

    List<ExampleTenants.Loaded> again = loader().load(List.of(shop));

    assertThat(again).singleElement().satisfies(l -> assertThat(l.created()).isFalse());
    assertThat(calls)
        .containsExactly(
            "POST /realms/cairn-console/protocol/openid-connect/token", "GET /api/admin/tenants");
  }

  @Test
  void aLoadCutOffAfterSignupIsCompletedWithoutSigningUpOrPublishingAgain() throws IOException {
    TenantDescriptor shop = example("shop", false);
    tenants.add("shop");
    published.add("shop");

    loader().load(List.of(shop));

    assertThat(calls)
        .doesNotContain("POST /api/admin/tenants", "POST /api/admin/tenants/shop/schemas")
        .contains("POST /admin/realms/cairn-t-shop/users");
    assertThat(dir.resolve("state/shop/" + ExampleTenants.LOADED)).exists();
    assertThat(dir.resolve("state/shop/" + ExampleTenants.API_KEY)).doesNotExist();
  }

  @Test
  void aSlugTakenByAnotherConsoleUserIsLeftOutWithTheReason() throws IOException {
    TenantDescriptor shop = example("shop", false);
    tenantOwnedBySomeoneElse = true;

    List<ExampleTenants.Loaded> loaded = loader().load(List.of(shop));

    assertThat(loaded.get(0).notLoadedBecause())
        .contains("tenant `shop` exists but the console user `demo` is not a member");
    assertThat(calls).doesNotContain("POST /admin/realms/cairn-t-shop/users");
  }

  @Test
  void aFailingCallIsReportedWithTheRequestAndTheAnswer() throws IOException {
    TenantDescriptor other = example("other", false);

    assertThatThrownBy(() -> loader().load(List.of(other)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("POST http://127.0.0.1:")
        .hasMessageContaining("/api/admin/tenants/other/schemas answered 404");
  }

  @Test
  void theFlagsFileIsAppliedOnceAndNeverOverFlagsTheTenantAlreadyHas() throws IOException {
    TenantDescriptor shop = withFlags(example("shop", false));
    loader().load(List.of(shop));
    List<String> first = new ArrayList<>(calls);
    calls.clear();
    loader().load(List.of(shop));
    List<String> second = new ArrayList<>(calls);

    TenantDescriptor other = withFlags(example("shop", false));
    Files.delete(dir.resolve("state/shop/" + ExampleTenants.FLAGS_APPLIED));
    calls.clear();
    loader().load(List.of(other));

    assertThat(first)
        .contains("GET /api/admin/tenants/shop/flags", "PUT /api/admin/tenants/shop/flags");
    assertThat(second).noneMatch(call -> call.contains("/flags"));
    assertThat(flagsVersion).isEqualTo(1);
    assertThat(calls)
        .contains("GET /api/admin/tenants/shop/flags")
        .doesNotContain("PUT /api/admin/tenants/shop/flags");
  }

  private TenantDescriptor withFlags(TenantDescriptor example) throws IOException {
    Path folder = example.schema().getParent();
    Files.writeString(folder.resolve("flags.yaml"), "version: 1\nflags: {}\n");
    Files.writeString(
        folder.resolve("tenant.yaml"),
        Files.readString(folder.resolve("tenant.yaml")) + "flags: flags.yaml\n");
    return TenantDescriptor.read(folder);
  }

  private ExampleTenants loader() {
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    return new ExampleTenants(
        new ExampleTenants.Endpoints(url, url, "admin", "pw", "demo", "demo"),
        dir.resolve("state"));
  }

  private TenantDescriptor example(String slug, boolean apiKeys) throws IOException {
    Path folder = dir.resolve("examples/" + slug);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("schema.graphql"), "type A @model { id: ID! }");
    Files.writeString(
        folder.resolve("tenant.yaml"),
        "version: 1\nslug: "
            + slug
            + "\nauth:\n  apiKeys: "
            + apiKeys
            + "\ndemoUsers:\n  - username: ana\n    password: ana\n    groups: [staff]\n"
            + "conflicts:\n  default: AUTOMERGE\n");
    return TenantDescriptor.read(folder);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    calls.add(method + " " + path);
    exchange.getRequestBody().readAllBytes();
    String call = method + " " + path;
    if (path.endsWith("/protocol/openid-connect/token")) {
      reply(exchange, 200, "{\"access_token\":\"t\"}");
    } else if (call.equals("GET /api/admin/tenants")) {
      reply(
          exchange,
          200,
          tenants.stream()
              .map(s -> "{\"slug\":\"" + s + "\"}")
              .collect(Collectors.joining(",", "[", "]")));
    } else if (call.equals("POST /api/admin/tenants")) {
      if (tenantOwnedBySomeoneElse) {
        reply(exchange, 409, "{\"title\":\"Slug taken\"}");
      } else {
        tenants.add("shop");
        reply(exchange, 201, "{\"slug\":\"shop\"}");
      }
    } else if (call.equals("GET /api/admin/tenants/shop/schemas/active")) {
      reply(exchange, published.contains("shop") ? 200 : 404, "{}");
    } else if (call.equals("POST /api/admin/tenants/shop/schemas")) {
      published.add("shop");
      reply(exchange, 201, "{\"version\":1}");
    } else if (call.equals("GET /api/admin/tenants/shop/flags")) {
      reply(exchange, 200, "{\"version\":1,\"revision\":" + flagsVersion + "}");
    } else if (call.equals("PUT /api/admin/tenants/shop/flags")) {
      flagsVersion++;
      reply(exchange, 200, "{\"version\":1,\"revision\":" + flagsVersion + "}");
    } else if (call.equals("PUT /api/admin/tenants/shop/conflicts")) {
      reply(exchange, 200, "{}");
    } else if (call.equals("POST /api/admin/tenants/shop/api-keys")) {
      reply(exchange, 201, "{\"id\":\"k1\",\"key\":\"cairn_plaintext\"}");
    } else if (call.equals("POST /admin/realms/cairn-t-shop/groups")) {
      reply(exchange, 201, "");
    } else if (call.equals("GET /admin/realms/cairn-t-shop/users")) {
      reply(exchange, 200, users.isEmpty() ? "[]" : "[{\"username\":\"ana\"}]");
    } else if (call.equals("POST /admin/realms/cairn-t-shop/users")) {
      users.add("ana");
      reply(exchange, 201, "");
    } else {
      reply(exchange, 404, "{\"title\":\"not served by the test: " + call + "\"}");
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
