package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.client.internal.Json;
import dev.cairn.client.internal.TokenClaims;
import dev.cairn.client.testmodel.Task;
import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.ClassTenant;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in and subscribing as a user, against the real server WAR on Payara Micro and the run's
 * real Keycloak with a freshly provisioned tenant realm: a desktop sign-in through Keycloak's own
 * login page (the "browser" is an HTTP client that fills in the login form and follows the redirect
 * to the SDK's loopback listener) yields tokens the client syncs with and refreshes; and an
 * owner-auth model's subscriptions carry the user's {@code owner} argument, so the user's records
 * from another device arrive live while another user's do not.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class SdkAuthIT {
  static final String SCHEMA =
      """
      type Task @model @auth(rules: [{ allow: owner }]) { id: ID! title: String! }
      """;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern LOGIN_FORM =
      Pattern.compile("<form[^>]*\\saction=\"([^\"]*login-actions/authenticate[^\"]*)\"");

  @RegisterExtension
  static final ClassTenant TENANT =
      ClassTenant.signUp("auth-", SCHEMA).appUser("alice", "alice-pw").appUser("bob", "bob-pw");

  private final TestKeycloak keycloak = TestStack.get().keycloak();
  private final List<CairnClient> clients = new ArrayList<>();
  @ArquillianResource URL base;
  @TempDir Path dir;

  @Deployment(testable = false)
  static WebArchive server() {
    return Deployments.server();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(CairnClient::close);
  }

  @Test
  void aDesktopUserSignsInThroughKeycloaksLoginPageThenSyncsAndTheTokenIsRefreshedBeforeExpiry()
      throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    KeycloakBrowserLogin login =
        KeycloakBrowserLogin.builder(URI.create(keycloak.url()), realm(), "cairn-app")
            .browser(loginForm("alice", "alice-pw", UnaryOperator.identity()))
            .clock(clock)
            .timeout(WAIT)
            .build();

    login.signIn();

    String first = login.get();
    Map<String, Object> claims = TokenClaims.payload(first);
    assertThat(claims).containsEntry("preferred_username", "alice").containsKey("sub");
    EventLog events = new EventLog();
    CairnClient client =
        CairnClient.builder()
            .endpoint(endpoint())
            .auth(login.auth())
            .models(Task.TYPE)
            .storeFile(dir.resolve("desktop.db"))
            .build();
    clients.add(client);
    client.addEventListener(events::add);
    String id = "desk-" + UUID.randomUUID();
    client.save(new Task(id, "signed in through the browser", null));
    client.start();
    events.await(e -> e instanceof CairnEvent.OutboxStatus s && s.empty());

    assertThat(events.count(e -> e instanceof CairnEvent.MutationFailed)).isZero();
    Map<String, Object> onServer = getTask(id, login.get());
    assertThat(onServer).containsEntry("title", "signed in through the browser");
    assertThat(onServer)
        .as("the server took the token's user")
        .containsEntry("owner", claims.get("sub"));

    clock.advance(
        Duration.ofSeconds(
            ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue()));
    String refreshed = login.get();
    assertThat(refreshed).as("a new access token from the refresh grant").isNotEqualTo(first);
    assertThat(TokenClaims.payload(refreshed)).containsEntry("sub", claims.get("sub"));
    assertThat(getTask(id, refreshed)).containsEntry("id", id);
  }

  @Test
  void aRedirectWhoseStateWasTamperedWithIsRefusedAfterARealKeycloakLogin() {
    KeycloakBrowserLogin login =
        KeycloakBrowserLogin.builder(URI.create(keycloak.url()), realm(), "cairn-app")
            .browser(
                loginForm(
                    "alice",
                    "alice-pw",
                    location -> location.replaceFirst("state=[^&]+", "state=forged")))
            .timeout(WAIT)
            .build();

    assertThatThrownBy(login::signIn)
        .isInstanceOf(CairnException.class)
        .hasMessageContaining("carried another state");
    assertThat(login.isSignedIn()).isFalse();
  }

  @Test
  void ownerSubscriptionsCarryTheUsersIdentityAndDeliverTheirOwnRecordsButNotAnothersLive()
      throws Exception {
    String tag = UUID.randomUUID().toString();
    URI direct = endpoint();
    try (TcpProxy proxy = new TcpProxy(direct.getHost(), direct.getPort())) {
      URI proxied =
          URI.create(direct.getScheme() + "://127.0.0.1:" + proxy.port() + direct.getRawPath());
      EventLog watchingEvents = new EventLog();
      CairnClient watching = userClient("alice-1.db", "alice", "alice-pw", proxied, watchingEvents);
      EventLog otherDeviceEvents = new EventLog();
      CairnClient otherDevice =
          userClient("alice-2.db", "alice", "alice-pw", direct, otherDeviceEvents);
      EventLog bobEvents = new EventLog();
      CairnClient bob = userClient("bob.db", "bob", "bob-pw", direct, bobEvents);
      CountDownLatch ownArrived = new CountDownLatch(1);
      List<ModelChange<Task>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      watching.observe(
          Task.TYPE,
          change -> {
            seen.add(change);
            if (change.model().id().equals("a-" + tag)) {
              ownArrived.countDown();
            }
          });
      watching.start();
      otherDevice.start();
      bob.start();
      watchingEvents.await(e -> e instanceof CairnEvent.Ready);
      otherDeviceEvents.await(e -> e instanceof CairnEvent.Ready);
      bobEvents.await(e -> e instanceof CairnEvent.Ready);

      String aliceSub =
          (String)
              TokenClaims.payload(keycloak.passwordGrant(realm(), "cairn-app", "alice", "alice-pw"))
                  .get("sub");
      assertThat(proxy.fromClients())
          .contains("subscription operation($owner: String!) { onCreateTask(owner: $owner) {")
          .contains("onUpdateTask(owner: $owner)")
          .contains("onDeleteTask(owner: $owner)")
          .contains("\\\"variables\\\":{\\\"owner\\\":\\\"" + aliceSub + "\\\"}");

      bob.save(new Task("b-" + tag, "bob's", null));
      bobEvents.await(e -> e instanceof CairnEvent.OutboxStatus s && s.empty());
      otherDevice.save(new Task("a-" + tag, "alice's from her other device", null));

      assertThat(ownArrived.await(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("alice's record from her other device arrives live")
          .isTrue();
      // Changes are sent in commit order: bob's, written first, would have come before alice's.
      assertThat(seen).extracting(c -> c.model().id()).doesNotContain("b-" + tag);
      assertThat(proxy.fromServer()).contains("a-" + tag).doesNotContain("b-" + tag);
      assertThat(watching.query(Task.TYPE)).extracting(Task::id).doesNotContain("b-" + tag);
    }
  }

  /**
   * A "browser" that opens the authorization URL, fills in Keycloak's login form as {@code user},
   * and follows Keycloak's redirect (its {@code Location} passed through {@code tamper}) to the
   * loopback listener, as a person's browser would. It keeps Keycloak's cookies itself: they are
   * {@code Secure}, which browsers honour on {@code http://localhost} and {@code 127.0.0.1} but the
   * JDK's {@code CookieManager} does not send over plain HTTP.
   */
  private static BrowserLauncher loginForm(
      String user, String password, UnaryOperator<String> tamper) {
    return url -> {
      HttpClient browser =
          HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      Map<String, String> cookies = new java.util.LinkedHashMap<>();
      HttpResponse<String> page = send(browser, HttpRequest.newBuilder(url).GET(), cookies);
      if (page.statusCode() != 200) {
        throw new IOException(
            "Keycloak's login page answered " + page.statusCode() + ": " + page.body());
      }
      Matcher form = LOGIN_FORM.matcher(page.body());
      if (!form.find()) {
        throw new IOException("no login form on Keycloak's page: " + page.body());
      }
      URI action = URI.create(form.group(1).replace("&amp;", "&"));
      String fields =
          "username="
              + URLEncoder.encode(user, StandardCharsets.UTF_8)
              + "&password="
              + URLEncoder.encode(password, StandardCharsets.UTF_8)
              + "&credentialId=";
      HttpResponse<String> posted =
          send(
              browser,
              HttpRequest.newBuilder(action)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(fields)),
              cookies);
      String location =
          posted
              .headers()
              .firstValue("Location")
              .orElseThrow(
                  () ->
                      new IOException(
                          "Keycloak did not redirect after the login ("
                              + posted.statusCode()
                              + "): "
                              + posted.body()));
      send(
          browser,
          HttpRequest.newBuilder(URI.create(tamper.apply(location))).GET(),
          new java.util.HashMap<>());
    };
  }

  /** Sends with {@code cookies} and keeps the ones the answer sets (name and value only). */
  private static HttpResponse<String> send(
      HttpClient client, HttpRequest.Builder request, Map<String, String> cookies)
      throws IOException {
    if (!cookies.isEmpty()) {
      request.header(
          "Cookie",
          String.join(
              "; ",
              cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    for (String set : response.headers().allValues("Set-Cookie")) {
      String pair = set.split(";", 2)[0];
      int eq = pair.indexOf('=');
      if (eq > 0) {
        cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return response;
  }

  private CairnClient userClient(
      String file, String user, String password, URI endpoint, EventLog events) {
    CairnClient client =
        CairnClient.builder()
            .endpoint(endpoint)
            .auth(
                KeycloakAuth.password(
                    URI.create(keycloak.url()), realm(), "cairn-app", user, password))
            .models(Task.TYPE)
            .storeFile(dir.resolve(file))
            .build();
    client.addEventListener(events::add);
    clients.add(client);
    return client;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> getTask(String id, String token) throws Exception {
    HttpResponse<String> response =
        CairnHttp.at(base)
            .graphql(
                TENANT.slug(),
                Map.of("Authorization", token),
                "query operation($id: ID!) { getTask(id: $id) { id title owner } }",
                Json.write(Map.of("id", id)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, Object> data = (Map<String, Object>) Json.parseObject(response.body()).get("data");
    assertThat(data).as(response.body()).isNotNull();
    return (Map<String, Object>) data.get("getTask");
  }

  private static String realm() {
    return TestKeycloak.tenantRealm(TENANT.slug());
  }

  private URI endpoint() {
    return URI.create(base.toString()).resolve("t/" + TENANT.slug() + "/graphql");
  }

  /** A clock the test moves forward, so token expiry is reached without waiting. */
  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
