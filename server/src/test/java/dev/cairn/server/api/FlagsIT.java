package dev.cairn.server.api;

import static dev.cairn.testkit.CairnHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.tenancy.FirstReleaseControlPlane;
import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.ClassTenant;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.RealtimeTestClient;
import dev.cairn.testkit.TestStack;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Feature flags on the real WAR with real Keycloak tokens: the admin API stores and validates a
 * tenant's flags, app users read their own evaluated flags through GraphQL and OFREP, and the flag
 * subscription pushes only the flags whose value changed for each caller.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class FlagsIT {
  /** Inbox is gated by `new-inbox` (beta users), Post's summary by `summaries` (beta users). */
  static final String SCHEMA =
      "type Post @model @auth(rules: [{ allow: private }]) { id: ID! title: String!"
          + " summary: String @cairnFlag(key: \"summaries\") }\n"
          + "type Inbox @model @cairnFlag(key: \"new-inbox\") @auth(rules: [{ allow: private }])"
          + " { id: ID! title: String }";

  /** Like storefront's flags.yaml, without the 5% rollout (it would make bob's value random). */
  static final String FLAGS_YAML =
      """
      version: 1
      segments:
        beta-testers:
          match:
            groups: [beta]
      flags:
        checkout-v2:
          type: boolean
          default: false
          rules:
            - segment: beta-testers
              value: true
        wallet-payments:
          type: boolean
          default: false
          rules:
            - segment: beta-testers
              value: true
        new-inbox:
          type: boolean
          default: false
          rules:
            - segment: beta-testers
              value: true
        summaries:
          type: boolean
          default: false
          rules:
            - segment: beta-testers
              value: true
      """;

  static final String FLAGS_QUERY =
      "query Q($c: AWSJSON) { _cairnFlags(context: $c) { version flags { key value variation reason ruleId } } }";
  static final String ON_FLAGS =
      "subscription S { _cairnOnFlagsChanged { version flags { key value reason } } }";

  @RegisterExtension
  static final ClassTenant TENANT =
      ClassTenant.signUp("fl-", SCHEMA)
          .flags(FLAGS_YAML)
          .withApiKey()
          .appUser("alice", "pw", "beta")
          .appUser("bob", "pw");

  /** Another tenant, whose beta user carol reads none of {@link #TENANT}'s flags. */
  @RegisterExtension
  static final ClassTenant OTHER = ClassTenant.signUp("fl-", SCHEMA).appUser("carol", "pw", "beta");

  /** A tenant of the first release, in the control plane this deployment starts on. */
  private static final String LEGACY = "legacy-" + UUID.randomUUID().toString().substring(0, 8);

  private static final String LEGACY_SCHEMA =
      "type Post @model @auth(rules: [{ allow: public }]) { id: ID! title: String! }";

  private static String legacyKey;

  private final HttpClient http = HttpClient.newHttpClient();
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive server() {
    // Its own data directory: the default (~/.cairn) may be held by a running Cairn or another IT.
    java.nio.file.Path data =
        java.nio.file.Path.of("target", "flags-it-" + UUID.randomUUID()).toAbsolutePath();
    java.util.Map<String, String> config =
        new java.util.LinkedHashMap<>(TestStack.get().serverConfig());
    config.put("cairn.data.dir", data.toString());
    String controlPlane = "jdbc:h2:file:" + data.resolve("controlplane/cairn");
    config.put("cairn.db.url", controlPlane);
    // The data directory starts as the first release left it, so these flags run on a control
    // plane upgraded in place by the node's start.
    try (Connection c = DriverManager.getConnection(controlPlane)) {
      FirstReleaseControlPlane.createTables(c, "h2");
      legacyKey = FirstReleaseControlPlane.addTenant(c, LEGACY, LEGACY_SCHEMA);
    } catch (SQLException e) {
      throw new IllegalStateException("could not make the first release's control plane", e);
    }
    return Deployments.server(config);
  }

  @Test
  void aTenantOfTheFirstReleaseKeepsItsSchemaAndKeyAfterTheUpgradeAndReadsFlags() throws Exception {
    HttpResponse<String> synced =
        legacyGraphql("query { syncPosts(lastSync: 0) { items { id } startedAt } }");
    assertThat(synced.statusCode()).as(synced.body()).isEqualTo(200);
    assertThat(json(synced.body()).containsKey("errors")).as(synced.body()).isFalse();

    HttpResponse<String> flags = legacyGraphql("query { _cairnFlags { version flags { key } } }");
    assertThat(flags.statusCode()).as(flags.body()).isEqualTo(200);
    assertThat(json(flags.body()).getJsonObject("data").getJsonObject("_cairnFlags"))
        .as("flags, stored in tables the upgrade added: " + flags.body())
        .isNotNull();
  }

  private HttpResponse<String> legacyGraphql(String query) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base.toString()).resolve("t/" + LEGACY + "/graphql"))
            .header("Content-Type", "application/json")
            .header("x-api-key", legacyKey)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.createObjectBuilder().add("query", query).build().toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theGraphQlQueryServesCheckoutV2ToBetaUsersOnlyAndClientAttributesCannotJoinBeta()
      throws Exception {
    JsonObject alice = flags(graphql(alice(), FLAGS_QUERY, "{}"));
    JsonObject bob =
        flags(graphql(bob(), FLAGS_QUERY, "{\"c\":\"{\\\"groups\\\":[\\\"beta\\\"]}\"}"));

    assertThat(flag(alice, "checkout-v2").getString("value")).isEqualTo("true");
    assertThat(flag(alice, "checkout-v2").getString("reason")).isEqualTo("RULE_MATCH");
    assertThat(flag(alice, "checkout-v2").getString("ruleId")).isEqualTo("rule-1");
    assertThat(flag(bob, "checkout-v2").getString("value")).isEqualTo("false");
    assertThat(flag(bob, "checkout-v2").getString("reason")).isEqualTo("FALLTHROUGH");
    assertThat(alice.getString("version")).isNotEqualTo(bob.getString("version"));
  }

  @Test
  void aTokenOfAnotherTenantReadsNoFlags() throws Exception {
    HttpResponse<String> carol = graphql(carol(), FLAGS_QUERY, "{}");
    HttpResponse<String> ofrep = ofrep(carol(), null, "", "{}", null);

    assertThat(carol.statusCode()).isEqualTo(401);
    assertThat(ofrep.statusCode()).isEqualTo(401);
    assertThat(ofrep(null, null, "", "{}", null).statusCode()).isEqualTo(401);
  }

  @Test
  void ofrepEvaluatesEveryFlagWithAnETagAndAnswers304WhenNothingChanged() throws Exception {
    HttpResponse<String> first = ofrep(alice(), null, "", "{\"context\":{}}", null);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = ofrep(alice(), null, "", "{\"context\":{}}", etag);
    HttpResponse<String> bob = ofrep(bob(), null, "", "{\"context\":{}}", etag);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonObject checkout = ofrepFlag(json(first.body()).getJsonArray("flags"), "checkout-v2");
    assertThat(checkout.get("value")).isEqualTo(JsonValue.TRUE);
    assertThat(checkout.getString("reason")).isEqualTo("TARGETING_MATCH");
    assertThat(checkout.getString("variant")).isEqualTo("true");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(bob.statusCode()).isEqualTo(200);
  }

  @Test
  void ofrepEvaluatesOneFlagAndAnswers404ForAnUnknownOne() throws Exception {
    HttpResponse<String> one =
        ofrep(bob(), null, "/checkout-v2", "{\"context\":{\"groups\":[\"beta\"]}}", null);
    HttpResponse<String> unknown = ofrep(bob(), null, "/nope", "{}", null);
    HttpResponse<String> byKey =
        ofrep(
            null,
            TENANT.apiKey(),
            "/checkout-v2",
            "{\"context\":{\"targetingKey\":\"k1\",\"groups\":[\"beta\"]}}",
            null);

    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    assertThat(json(one.body()).get("value")).isEqualTo(JsonValue.FALSE);
    assertThat(json(one.body()).getString("reason")).isEqualTo("DEFAULT");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown.body()).getString("errorCode")).isEqualTo("FLAG_NOT_FOUND");
    assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(200);
    assertThat(json(byKey.body()).get("value")).isEqualTo(JsonValue.TRUE);
  }

  @Test
  void anInvalidFlagIsRefusedNamingRuleAndFieldAndNothingIsSaved() throws Exception {
    String bad =
        "{\"kind\":\"boolean\",\"variations\":[{\"name\":\"on\",\"value\":true}],"
            + "\"fallthrough\":{\"variation\":\"on\"},\"rules\":[{\"id\":\"emails\",\"variation\":\"on\","
            + "\"clauses\":[{\"attribute\":\"email\",\"op\":\"matches\",\"values\":[\"(unclosed\"]}]}]}";
    HttpResponse<String> refused =
        admin(
            "PUT", "api/admin/tenants/" + TENANT.slug() + "/flags/bad", TENANT.consoleToken(), bad);
    HttpResponse<String> cycle =
        admin(
            "PUT",
            "api/admin/tenants/" + TENANT.slug() + "/flags/checkout-v2",
            TENANT.consoleToken(),
            "{\"type\":\"boolean\",\"default\":false,\"prerequisites\":[{\"flag\":\"checkout-v2\",\"variation\":\"true\"}]}");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(refused.body()).getJsonArray("errors").getString(0))
        .startsWith("flags.bad.rules[emails].clauses[0].values[0]: regular expression");
    assertThat(cycle.statusCode()).isEqualTo(400);
    assertThat(cycle.body()).contains("cycle checkout-v2 -> checkout-v2");
    assertThat(
            admin(
                    "GET",
                    "api/admin/tenants/" + TENANT.slug() + "/flags/bad",
                    TENANT.consoleToken(),
                    "")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            admin(
                    "GET",
                    "api/admin/tenants/" + TENANT.slug() + "/flags/checkout-v2",
                    TENANT.consoleToken(),
                    "")
                .body())
        .doesNotContain("prerequisites\":[{");
  }

  @Test
  void aDryRunListsTheChangesAndSavesNothing() throws Exception {
    String changed = FLAGS_YAML.replace("wallet-payments", "gift-cards");
    HttpResponse<String> dryRun =
        admin(
            "PUT",
            "api/admin/tenants/" + TENANT.slug() + "/flags?dryRun=true",
            TENANT.consoleToken(),
            changed);

    assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
    JsonArray changes = json(dryRun.body()).getJsonArray("changes");
    JsonObject added = change(changes, "gift-cards");
    JsonObject removed = change(changes, "wallet-payments");
    assertThat(added.getString("what")).isEqualTo("flag");
    assertThat(added.getString("change")).isEqualTo("ADDED");
    assertThat(added.isNull("before")).isTrue();
    assertThat(added.getJsonObject("after").getString("kind")).isEqualTo("boolean");
    assertThat(removed.getString("change")).isEqualTo("REMOVED");
    assertThat(removed.getJsonObject("before").getString("kind")).isEqualTo("boolean");
    assertThat(removed.isNull("after")).isTrue();
    String document =
        admin("GET", "api/admin/tenants/" + TENANT.slug() + "/flags", TENANT.consoleToken(), "")
            .body();
    assertThat(document).contains("wallet-payments").doesNotContain("gift-cards");
    assertThat(json(document).getInt("version")).isEqualTo(1);
    assertThat(json(document).getInt("revision")).isPositive();
  }

  @Test
  void whoGetsWhatEvaluatesEveryFlagForAGivenContext() throws Exception {
    HttpResponse<String> answer =
        admin(
            "POST",
            "api/admin/tenants/" + TENANT.slug() + "/flag-evaluations",
            TENANT.consoleToken(),
            "{\"context\":{\"key\":\"someone\",\"groups\":[\"beta\"]}}");

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(flag(json(answer.body()), "checkout-v2").getString("value")).isEqualTo("true");
  }

  @Test
  void aToggleReachesOnlySubscribersWhoseValueChangedAndIsInTheHistory() throws Exception {
    URI realtime = realtime();
    try (RealtimeTestClient alice = RealtimeTestClient.connect(realtime, auth(alice()));
        RealtimeTestClient bob = RealtimeTestClient.connect(realtime, auth(bob()))) {
      for (RealtimeTestClient client : new RealtimeTestClient[] {alice, bob}) {
        assertThat(client.init()).isNotNull();
      }
      alice.start("f", ON_FLAGS, "{}", auth(alice()));
      bob.start("f", ON_FLAGS, "{}", auth(bob()));
      assertThat(alice.awaitType("start_ack")).isNotNull();
      assertThat(bob.awaitType("start_ack")).isNotNull();

      // wallet-payments off: alice (beta) goes from true to false; bob stays false
      HttpResponse<String> toggled =
          admin(
              "POST",
              "api/admin/tenants/" + TENANT.slug() + "/flags/wallet-payments/toggle",
              TENANT.consoleToken(),
              "{\"on\":false}");
      assertThat(toggled.statusCode()).as(toggled.body()).isEqualTo(200);
      JsonObject aliceData = alice.awaitType("data");
      assertThat(aliceData).as(alice.seen().toString()).isNotNull();
      JsonArray pushed = pushedFlags(aliceData);
      assertThat(pushed).hasSize(1);
      assertThat(pushed.getJsonObject(0).getString("key")).isEqualTo("wallet-payments");
      assertThat(pushed.getJsonObject(0).getString("value")).isEqualTo("false");
      assertThat(pushed.getJsonObject(0).getString("reason")).isEqualTo("OFF");

      // a new flag reaches both: bob's first push must be that one, not wallet-payments
      String fresh = "f-" + UUID.randomUUID().toString().substring(0, 8);
      admin(
          "PUT",
          "api/admin/tenants/" + TENANT.slug() + "/flags/" + fresh,
          TENANT.consoleToken(),
          "{\"type\":\"string\",\"default\":\"hello\"}");
      JsonObject bobData = bob.awaitType("data");
      assertThat(bobData).as(bob.seen().toString()).isNotNull();
      assertThat(pushedFlags(bobData)).hasSize(1);
      assertThat(pushedFlags(bobData).getJsonObject(0).getString("key")).isEqualTo(fresh);
      assertThat(alice.await(m -> m.toString().contains(fresh), Duration.ofSeconds(10)))
          .isNotNull();
    }
    HttpResponse<String> history =
        admin(
            "GET",
            "api/admin/tenants/" + TENANT.slug() + "/flags/wallet-payments/history",
            TENANT.consoleToken(),
            "");
    JsonObject latest =
        Json.createReader(new StringReader(history.body())).readArray().getJsonObject(0);
    assertThat(latest.getString("action")).isEqualTo("flag.update");
    assertThat(latest.getJsonObject("before").getBoolean("on")).isTrue();
    assertThat(latest.getJsonObject("after").getBoolean("on")).isFalse();
    admin(
        "POST",
        "api/admin/tenants/" + TENANT.slug() + "/flags/wallet-payments/toggle",
        TENANT.consoleToken(),
        "{\"on\":true}");
  }

  @Test
  void anInitialPushOnSubscribeHoldsEveryFlagAsItStandsForTheCaller() throws Exception {
    try (RealtimeTestClient alice = RealtimeTestClient.connect(realtime(), auth(alice()))) {
      assertThat(alice.init()).isNotNull();

      alice.start(
          "f",
          "subscription S { _cairnOnFlagsChanged(initial: true) { version flags { key value } } }",
          "{}",
          auth(alice()));

      // start_ack first: awaiting it would have passed over an earlier data frame
      assertThat(alice.awaitType("start_ack")).isNotNull();
      JsonObject initial = alice.awaitType("data");
      assertThat(initial).as(alice.seen().toString()).isNotNull();
      JsonObject flags =
          initial
              .getJsonObject("payload")
              .getJsonObject("data")
              .getJsonObject("_cairnOnFlagsChanged");
      assertThat(flag(flags, "checkout-v2").getString("value")).isEqualTo("true");
      assertThat(flags.getJsonArray("flags").size())
          .isEqualTo(flags(graphql(alice(), FLAGS_QUERY, "{}")).getJsonArray("flags").size());
      assertThat(flags.getString("version"))
          .isEqualTo(flags(graphql(alice(), FLAGS_QUERY, "{}")).getString("version"));
    }
  }

  @Test
  void aGatedModelIsReadWrittenAndDeliveredOnlyForCallersInItsFlagsSegment() throws Exception {
    String onCreate = "subscription S { onCreateInbox { id title } }";
    try (RealtimeTestClient alice = RealtimeTestClient.connect(realtime(), auth(alice()));
        RealtimeTestClient bob = RealtimeTestClient.connect(realtime(), auth(bob()))) {
      for (RealtimeTestClient client : new RealtimeTestClient[] {alice, bob}) {
        assertThat(client.init()).isNotNull();
      }
      alice.start("i", onCreate, "{}", auth(alice()));
      bob.start("i", onCreate, "{}", auth(bob()));
      assertThat(alice.awaitType("start_ack")).isNotNull();
      JsonObject refused = bob.awaitType("error");
      assertThat(refused).as(bob.seen().toString()).isNotNull();
      JsonObject error = refused.getJsonObject("payload").getJsonArray("errors").getJsonObject(0);
      assertThat(error.getString("errorType")).isEqualTo("OperationDisabled");
      assertThat(error.getString("message")).contains("feature flag `new-inbox`");

      String create =
          "mutation { createInbox(input: {id: \"%s\", title: \"hi\"}) { id _version } }";
      HttpResponse<String> mine = graphql(alice(), create.formatted("in-1"), "{}");
      HttpResponse<String> bobs = graphql(bob(), create.formatted("in-2"), "{}");

      assertThat(mine.body()).doesNotContain("errors").contains("\"_version\":1");
      JsonObject delivered = alice.awaitType("data");
      assertThat(delivered).as(alice.seen().toString()).isNotNull();
      assertThat(delivered.toString()).contains("in-1");
      assertThat(errorType(bobs)).isEqualTo("Unauthorized");
      assertThat(bobs.body()).contains("feature flag `new-inbox` (@cairnFlag) is off for user");
    }
    String sync = "query { syncInboxes(lastSync: 0) { items { id } startedAt } }";
    assertThat(graphql(alice(), sync, "{}").body()).contains("in-1").doesNotContain("errors");
    assertThat(errorType(graphql(bob(), sync, "{}"))).isEqualTo("Unauthorized");
    assertThat(errorType(graphql(bob(), "query { getInbox(id: \"in-1\") { id } }", "{}")))
        .isEqualTo("Unauthorized");
  }

  @Test
  void aGatedFieldReachesACallerOnTheNextSyncAndLiveOnceTheFlagTurnsOnForThem() throws Exception {
    String create =
        "mutation { createPost(input: {id: \"%s\", title: \"t\", summary: \"%s\"}) { id } }";
    assertThat(graphql(alice(), create.formatted("p-before", "early"), "{}").body())
        .doesNotContain("errors");
    JsonObject closed = syncPosts(bob(), 0L);
    assertThat(item(closed, "p-before").isNull("summary")).isTrue();
    assertThat(closed.getJsonNumber("startedAt").longValue()).isZero();

    try (RealtimeTestClient bob = RealtimeTestClient.connect(realtime(), auth(bob()))) {
      assertThat(bob.init()).isNotNull();
      bob.start("p", "subscription S { onCreatePost { id summary } }", "{}", auth(bob()));
      assertThat(bob.awaitType("start_ack")).isNotNull();
      // a filter on the closed field: OperationDisabled, which Amplify skips (Unauthorized loops)
      bob.start(
          "f",
          "subscription S($filter: ModelSubscriptionPostFilterInput) {"
              + " onCreatePost(filter: $filter) { id } }",
          "{\"filter\":{\"summary\":{\"eq\":\"hidden\"}}}",
          auth(bob()));
      JsonObject filterRefused = bob.awaitType("error");
      assertThat(filterRefused).as(bob.seen().toString()).isNotNull();
      JsonObject filterError =
          filterRefused.getJsonObject("payload").getJsonArray("errors").getJsonObject(0);
      assertThat(filterError.getString("errorType")).isEqualTo("OperationDisabled");
      assertThat(filterError.getString("message"))
          .contains("field `summary`")
          .contains("feature flag `summaries`");
      graphql(alice(), create.formatted("p-closed", "hidden"), "{}");
      JsonObject hidden = bob.awaitType("data");
      assertThat(hidden).as(bob.seen().toString()).isNotNull();
      assertThat(hidden.toString()).contains("p-closed").doesNotContain("hidden");

      // the flag turns on for everyone, bob included
      HttpResponse<String> on =
          admin(
              "PUT",
              "api/admin/tenants/" + TENANT.slug() + "/flags/summaries",
              TENANT.consoleToken(),
              "{\"type\":\"boolean\",\"default\":true}");
      assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
      graphql(alice(), create.formatted("p-open", "shown"), "{}");
      JsonObject shown = bob.await(m -> m.toString().contains("p-open"), Duration.ofSeconds(10));
      assertThat(shown).as(bob.seen().toString()).isNotNull();
      assertThat(shown.toString()).contains("shown");
    }
    // bob's cursor from the gated sync was 0: his next sync brings what was written before
    JsonObject opened = syncPosts(bob(), closed.getJsonNumber("startedAt").longValue());
    assertThat(item(opened, "p-before").getString("summary")).isEqualTo("early");
    assertThat(item(opened, "p-closed").getString("summary")).isEqualTo("hidden");
    assertThat(opened.getJsonNumber("startedAt").longValue()).isPositive();
  }

  private JsonObject syncPosts(String token, long lastSync) throws Exception {
    HttpResponse<String> answer =
        graphql(
            token,
            "query Q($s: AWSTimestamp) { syncPosts(lastSync: $s) { items { id summary }"
                + " startedAt } }",
            "{\"s\":" + lastSync + "}");
    assertThat(answer.body()).doesNotContain("errors");
    return json(answer.body()).getJsonObject("data").getJsonObject("syncPosts");
  }

  private static JsonObject change(JsonArray changes, String key) {
    return changes.getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("key").equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no change of " + key + " in " + changes));
  }

  private static JsonObject item(JsonObject connection, String id) {
    return connection.getJsonArray("items").stream()
        .map(JsonValue::asJsonObject)
        .filter(i -> i.getString("id").equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + id + " in " + connection));
  }

  private static String errorType(HttpResponse<String> response) {
    return json(response.body()).getJsonArray("errors").getJsonObject(0).getString("errorType");
  }

  private URI realtime() {
    return CairnHttp.at(base).realtimeEndpoint(TENANT.slug());
  }

  private static JsonArray pushedFlags(JsonObject data) {
    return data.getJsonObject("payload")
        .getJsonObject("data")
        .getJsonObject("_cairnOnFlagsChanged")
        .getJsonArray("flags");
  }

  private static JsonObject flags(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject body = json(response.body());
    assertThat(body.containsKey("errors")).as(response.body()).isFalse();
    return body.getJsonObject("data").getJsonObject("_cairnFlags");
  }

  private static JsonObject flag(JsonObject cairnFlags, String key) {
    return cairnFlags.getJsonArray("flags").stream()
        .map(JsonValue::asJsonObject)
        .filter(f -> f.getString("key").equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no flag " + key + " in " + cairnFlags));
  }

  private static JsonObject ofrepFlag(JsonArray flags, String key) {
    return flags.stream()
        .map(JsonValue::asJsonObject)
        .filter(f -> f.getString("key").equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no flag " + key + " in " + flags));
  }

  private HttpResponse<String> admin(String method, String path, String token, String body)
      throws Exception {
    return CairnHttp.at(base).admin(method, path, token, body);
  }

  private HttpResponse<String> graphql(String token, String query, String variables)
      throws Exception {
    return CairnHttp.at(base)
        .graphql(TENANT.slug(), Map.of("Authorization", token), query, variables);
  }

  private HttpResponse<String> ofrep(
      String token, String apiKey, String suffix, String body, String ifNoneMatch)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(base.toString())
                    .resolve("t/" + TENANT.slug() + "/ofrep/v1/evaluate/flags" + suffix))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (apiKey != null) {
      request.header("X-API-Key", apiKey);
    }
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String alice() {
    return TENANT.appToken("alice");
  }

  private static String bob() {
    return TENANT.appToken("bob");
  }

  private static String carol() {
    return OTHER.appToken("carol");
  }

  private static String auth(String token) {
    return "{\"Authorization\":\"" + token + "\",\"host\":\"localhost\"}";
  }
}
