package dev.cairn.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.launcher.KeycloakServer;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.RealtimeTestClient;
import dev.cairn.testkit.TestKeycloak;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Every console page in a real headless Chromium, signed in through the real Keycloak login page,
 * against the real server WAR: each test drives one page as a person would, then checks what the
 * server holds through the admin API, runs axe-core (no critical violations) and saves a 1366x768
 * screenshot under {@code target/screenshots}.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class ConsolePagesIT {
  static final String V1 =
      "type Note @model @auth(rules: [{allow: owner}]) {\n"
          + "id: ID!\n"
          + "title: String!\n"
          + "rating: Int\n"
          + "}\n";
  static final String V2_BREAKING =
      "type Note @model @auth(rules: [{allow: owner}]) {\n  id: ID!\n  title: String!\n}\n";

  /** Notes app users own, which API keys (public) may also read, write and subscribe to. */
  static final String PUBLIC_NOTES =
      "type Note @model @auth(rules: [{allow: owner}, {allow: public}]) {\n"
          + "id: ID!\n"
          + "title: String!\n"
          + "rating: Int\n"
          + "}\n";

  @ArquillianResource URL deployed;

  private String server;
  private ConsoleBrowser browser;
  private AdminClient demo;

  @Deployment(testable = false)
  static WebArchive consoleBesideServer() {
    return ConsoleDeployment.consoleBesideServer();
  }

  @BeforeEach
  void open(TestKeycloak keycloak) {
    server = deployed.getProtocol() + "://" + deployed.getHost() + ":" + deployed.getPort();
    keycloak.allowRedirect("cairn-console", "cairn-console", server + "/console/*");
    demo = new AdminClient(server, keycloak.consoleToken());
    browser = new ConsoleBrowser(server + "/console/");
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.close();
    }
  }

  private static String slug(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private void signInAsDemo() {
    browser.signIn(TestKeycloak.DEMO_USER, TestKeycloak.DEMO_PASSWORD);
  }

  @Test
  void signInGoesThroughKeycloakAndSignOutEndsTheKeycloakSessionToo(TestKeycloak keycloak) {
    browser.driver.get(server + "/console/");
    browser.waitVisible(By.id("username"));
    assertThat(browser.driver.getCurrentUrl()).startsWith(keycloak.issuer("cairn-console"));

    signInAsDemo();
    assertThat(browser.driver.findElement(By.id("top:signedInAs")).getText())
        .isEqualTo("Demo Admin");
    browser.driver.findElement(By.id("top:signOut")).click();

    browser.waitVisible(By.id("kc-login"));
    browser.driver.get(server + "/console/");
    browser.waitVisible(By.id("kc-login"));
    assertThat(browser.driver.findElements(By.id("top:signedInAs"))).isEmpty();
  }

  @Test
  void signUpPage_aFirstTimeUserLandsThereChecksTheSlugAsTheyTypeAndSignsATenantUp(
      TestKeycloak keycloak) {
    String user = slug("newcomer");
    keycloak.createUser(KeycloakServer.CONSOLE_REALM, user, "pw");
    String slug = slug("first");

    browser.signIn(user, "pw");
    assertThat(browser.driver.getCurrentUrl()).contains("/console/signup.xhtml");

    WebElement slugField = browser.driver.findElement(By.id("signup:slug"));
    slugField.sendKeys("Bad_Slug");
    browser.waitText(By.id("signup:slugMessage"), "is invalid");
    slugField.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    slugField.sendKeys(slug);
    browser.waitText(By.id("signup:slugOk"), slug + " is free");
    browser.driver.findElement(By.id("signup:name")).sendKeys("First Inc");
    browser.assertNoCriticalAccessibilityViolations("signup");
    browser.screenshot("signup");

    browser.driver.findElement(By.id("signup:create")).click();
    browser.waitText(By.id("provisioned"), "cairn-t-" + slug);

    AdminClient newcomer =
        new AdminClient(
            server, keycloak.passwordGrant(KeycloakServer.CONSOLE_REALM, "cairn-cli", user, "pw"));
    JsonObject tenant = newcomer.get("tenants/" + slug).object();
    assertThat(tenant.getString("role")).isEqualTo("OWNER");
    assertThat(tenant.getString("name")).isEqualTo("First Inc");
    browser.screenshot("signup-done");

    // A returning user lands on the dashboard of the tenant they last worked on.
    browser.driver.get(server + "/console/");
    browser.wait.until(ExpectedConditions.urlContains("tenant/dashboard.xhtml?t=" + slug));
  }

  /**
   * The figures reach the open page by push (Faces WebSocket): after the first render the page
   * sends no request at all, yet its summary and charts follow the tenant's traffic, including a
   * GraphQL error inside a 200 answer, records synced and a realtime connection.
   */
  @Test
  void dashboardPage_showsWhereTheTenantStandsAndTheServerPushesItsTrafficLiveAndSwitchesTenants()
      throws Exception {
    String first = demo.signUp(slug("dash"));
    String second = demo.signUp(slug("dash"));
    demo.postText("tenants/" + first + "/schemas", PUBLIC_NOTES);
    String key = demo.postJson("tenants/" + first + "/api-keys", "{}").object().getString("key");
    demo.postJson("tenants/" + first + "/data/Note/create", "{\"id\":\"n1\",\"title\":\"one\"}");
    signInAsDemo();

    browser.open("tenant/dashboard.xhtml?t=" + first);
    assertThat(browser.driver.findElement(By.id("schemaState")).getText())
        .isEqualTo("Version 1 active");
    browser.waitText(By.id("summary"), "0 errors");
    assertThat(browser.driver.findElements(By.cssSelector("#main canvas"))).hasSize(4);
    script(
        "window.cairnRequests = 0;"
            + " var open = XMLHttpRequest.prototype.open;"
            + " XMLHttpRequest.prototype.open = function () {"
            + "   window.cairnRequests++; return open.apply(this, arguments); };"
            + " var fetched = window.fetch;"
            + " window.fetch = function () { window.cairnRequests++;"
            + "   return fetched.apply(this, arguments); };");

    // A request without credentials (401) and one with a GraphQL error inside a 200 both count.
    assertThat(graphql(first, null, "{ __typename }").statusCode()).isEqualTo(401);
    HttpResponse<String> wrong = graphql(first, key, "{ noSuchField }");
    assertThat(wrong.statusCode()).isEqualTo(200);
    assertThat(wrong.body()).contains("\"errors\"");
    HttpResponse<String> synced =
        graphql(first, key, "query { syncNotes(lastSync: 0) { items { id } startedAt } }");
    assertThat(synced.body()).as(synced.body()).contains("\"n1\"");
    String keyAuth = "{\"x-api-key\":\"" + key + "\",\"host\":\"localhost\"}";
    try (RealtimeTestClient device = RealtimeTestClient.connect(realtime(first), keyAuth)) {
      device.send("{\"type\":\"connection_init\"}");
      assertThat(device.awaitType("connection_ack")).isNotNull();

      browser.waitText(By.id("summary"), "1 record synced");
      browser.waitText(By.id("summary"), "2 errors");
      browser.waitText(By.id("summary"), "1 realtime connection open");
    }
    browser.waitText(By.id("liveState"), "updated");
    assertThat(
            ((Number)
                    script(
                        "return PF('ratesChart').chart.data.datasets[2].data"
                            + ".reduce(function (a, b) { return a + b; }, 0);"))
                .doubleValue())
        .as("records synced/s in the pushed chart")
        .isGreaterThan(0);
    assertThat(((Number) script("return window.cairnRequests;")).intValue())
        .as("requests the page made after it was shown")
        .isZero();
    browser.assertNoCriticalAccessibilityViolations("dashboard");
    browser.screenshot("dashboard");
    script("document.getElementById('problems').scrollIntoView();");
    browser.screenshot("dashboard-charts");

    new Select(browser.driver.findElement(By.id("top:switcher"))).selectByValue(second);
    browser.wait.until(ExpectedConditions.urlContains("t=" + second));
    browser.waitText(By.id("schemaState"), "Nothing published yet");
  }

  /**
   * The session ends while a page is open (the console forgets it, as when it times out, and the
   * Keycloak session ends too): the next click leads through Keycloak's sign-in back to that page,
   * and nothing was done in the meantime.
   */
  @Test
  void anExpiredSessionComesBackToThePageItWasOnAfterSigningInAgain(TestKeycloak keycloak) {
    String slug = demo.signUp(slug("expired"));
    signInAsDemo();
    browser.open("tenant/api-keys.xhtml?t=" + slug);
    String page = browser.driver.getCurrentUrl();

    String console = browser.driver.getWindowHandle();
    browser.driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
    browser.driver.get(keycloak.issuer("cairn-console") + "/protocol/openid-connect/logout");
    browser.waitVisible(By.id("kc-logout")).click();
    browser.wait.until(d -> d.getPageSource().contains("logged out"));
    browser.driver.close();
    browser.driver.switchTo().window(console);
    for (org.openqa.selenium.Cookie c : browser.driver.manage().getCookies()) {
      if (!c.getName().startsWith("cairn-")) {
        browser.driver.manage().deleteCookieNamed(c.getName());
      }
    }

    browser.driver.findElement(By.id("keys:create")).click();
    browser.waitVisible(By.id("kc-login"));
    browser.driver.findElement(By.id("username")).sendKeys(TestKeycloak.DEMO_USER);
    browser.driver.findElement(By.id("password")).sendKeys(TestKeycloak.DEMO_PASSWORD);
    browser.driver.findElement(By.id("kc-login")).click();

    browser.wait.until(ExpectedConditions.urlToBe(page));
    browser.waitVisible(By.id("top:signedInAs"));
    assertThat(browser.driver.getCurrentUrl()).isEqualTo(page);
    assertThat(demo.get("tenants/" + slug + "/api-keys").array()).isEmpty();
  }

  @Test
  void schemaPage_marksErrorsAsYouTypePublishesConfirmsBreakingChangesAndRollsBack()
      throws Exception {
    String slug = demo.signUp(slug("schema"));
    signInAsDemo();
    browser.open("tenant/schema.xhtml?t=" + slug);
    WebElement editor = browser.waitVisible(By.cssSelector(".monaco-editor .view-lines"));

    // Type a schema with an unknown type: the error is listed at line:col and marked in the editor.
    editor.click();
    WebElement input = browser.driver.findElement(By.cssSelector(".monaco-editor textarea"));
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    input.sendKeys(V1.replace("rating: Int", "rating: Rating"));
    browser.waitText(By.id("problemList"), "4:9");
    assertThat(browser.driver.findElement(By.id("problemList")).getText()).contains("Rating");
    browser.wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(".monaco-editor .squiggly-error")));
    browser.screenshot("schema-errors");

    // Fix it: the check turns green and publishing stores version 1.
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    input.sendKeys(V1);
    browser.waitText(By.id("schema:problems"), "No errors");
    browser.awaitAjax();
    browser.driver.findElement(By.id("schema:publish")).click();
    browser.waitText(By.id("globalMessages"), "Published version 1");
    JsonObject active = demo.get("tenants/" + slug + "/schemas/active").object();
    assertThat(active.getInt("version")).isEqualTo(1);
    assertThat(active.getString("sdl")).contains("rating: Int");

    // Upload a file that drops a field: the change is BREAKING and needs the explicit confirmation.
    Path file = Files.createTempFile("schema", ".graphql");
    Files.writeString(file, V2_BREAKING);
    browser.driver.findElement(By.id("schema:upload_input")).sendKeys(file.toString());
    browser.waitText(By.id("schema:changes"), "BREAKING");
    browser.awaitAjax();
    browser.assertNoCriticalAccessibilityViolations("schema");
    browser.screenshot("schema");
    browser.driver.findElement(By.id("schema:publish")).click();
    browser.waitText(By.id("schema:publishBar"), "Tick the box");
    assertThat(demo.get("tenants/" + slug + "/schemas").array()).hasSize(1);
    browser
        .driver
        .findElement(By.cssSelector("[id='schema:confirmBreaking'] .ui-chkbox-box"))
        .click();
    browser.driver.findElement(By.id("schema:publish")).click();
    browser.waitText(By.id("globalMessages"), "Published version 2");
    assertThat(demo.get("tenants/" + slug + "/schemas/active").object().getInt("version"))
        .isEqualTo(2);

    // History: view version 1, then roll back to it.
    browser.driver.findElement(By.xpath("//button[@title='View version 1']")).click();
    browser.waitText(By.id("viewedSdl"), "rating: Int");
    browser.driver.findElement(By.cssSelector(".ui-dialog-titlebar-close")).click();
    browser.driver.findElement(By.xpath("//button[@title='Make version 1 active again']")).click();
    browser.waitVisible(By.cssSelector(".ui-confirmdialog-yes")).click();
    browser.waitText(By.id("globalMessages"), "Version 1 is active again");
    assertThat(demo.get("tenants/" + slug + "/schemas/active").object().getInt("version"))
        .isEqualTo(1);
  }

  @Test
  void apiKeysPage_showsANewKeyOnceListsItByPrefixAndRevokesIt() {
    String slug = demo.signUp(slug("keys"));
    signInAsDemo();
    browser.open("tenant/api-keys.xhtml?t=" + slug);

    browser.driver.findElement(By.id("keys:description")).sendKeys("web app");
    browser.driver.findElement(By.id("keys:create")).click();
    String key = browser.waitVisible(By.id("keys:createdKey")).getAttribute("value");
    browser.assertNoCriticalAccessibilityViolations("api-keys (new key shown)");
    browser.screenshot("api-keys-created");

    List<JsonObject> listed =
        demo.get("tenants/" + slug + "/api-keys").array().getValuesAs(JsonObject.class);
    assertThat(listed)
        .singleElement()
        .satisfies(
            k -> {
              assertThat(key).startsWith(k.getString("prefix"));
              assertThat(k.getString("description")).isEqualTo("web app");
              assertThat(k.isNull("revokedAt")).isTrue();
            });
    browser.driver.findElement(By.cssSelector(".ui-dialog-titlebar-close")).click();
    browser.awaitAjax();
    browser.assertNoCriticalAccessibilityViolations("api-keys");
    browser.screenshot("api-keys");

    browser.driver.findElement(By.xpath("//button[starts-with(@title,'Revoke the key')]")).click();
    browser.waitVisible(By.cssSelector(".ui-confirmdialog-yes")).click();
    browser.waitText(By.id("globalMessages"), "Revoked the key");
    assertThat(
            demo.get("tenants/" + slug + "/api-keys").array().getJsonObject(0).isNull("revokedAt"))
        .isFalse();
  }

  @Test
  void connectPage_givesThisTenantsEndpointIssuerAndClient() {
    String slug = demo.signUp(slug("connect"));
    signInAsDemo();
    browser.open("tenant/connect.xhtml?t=" + slug);

    assertThat(browser.driver.findElement(By.id("endpoint")).getText())
        .isEqualTo(server + "/t/" + slug + "/graphql");
    assertThat(browser.driver.findElement(By.id("issuer")).getText())
        .endsWith("/realms/cairn-t-" + slug);
    assertThat(browser.driver.findElement(By.id("amplify")).getText())
        .contains("aws_appsync_graphqlEndpoint: '" + server + "/t/" + slug + "/graphql'");
    browser.assertNoCriticalAccessibilityViolations("connect");
    browser.screenshot("connect");
  }

  @Test
  void membersPage_invitesChangesRolesWhichTakeEffectOnTheNextCallAndKeepsTheLastOwner(
      TestKeycloak keycloak) {
    String slug = demo.signUp(slug("members"));
    String ivy = slug("ivy");
    keycloak.createUser(KeycloakServer.CONSOLE_REALM, ivy, "pw");
    AdminClient ivyApi =
        new AdminClient(
            server, keycloak.passwordGrant(KeycloakServer.CONSOLE_REALM, "cairn-cli", ivy, "pw"));
    signInAsDemo();
    browser.open("tenant/members.xhtml?t=" + slug);

    browser.driver.findElement(By.id("members:email")).sendKeys(ivy + "@example.com");
    browser.driver.findElement(By.id("members:invite")).click();
    browser.waitText(By.id("members:memberTable"), ivy + "@example.com");
    assertThat(ivyApi.postJson("tenants/" + slug + "/api-keys", "{}").status()).isEqualTo(403);

    chooseRole(1, "ADMIN", true);
    browser.waitText(By.id("globalMessages"), "is now ADMIN");
    assertThat(ivyApi.postJson("tenants/" + slug + "/api-keys", "{}").status()).isEqualTo(201);

    // Demoting the only owner is refused, with the server's reason shown.
    chooseRole(0, "ADMIN", false);
    browser.waitText(By.id("globalMessages"), "last OWNER");
    assertThat(demo.get("tenants/" + slug).object().getString("role")).isEqualTo("OWNER");
    browser.assertNoCriticalAccessibilityViolations("members");
    browser.screenshot("members");

    browser.driver.findElement(By.id("members:memberTable:1:remove")).click();
    browser.waitVisible(By.cssSelector(".ui-confirmdialog-yes")).click();
    browser.waitText(By.id("globalMessages"), "Removed");
    assertThat(demo.get("tenants/" + slug + "/members").array()).hasSize(1);
    assertThat(ivyApi.get("tenants/" + slug).status()).isEqualTo(404);
  }

  @Test
  void auditLogPage_filtersByActionAndShowsBeforeAndAfter() {
    String slug = demo.signUp(slug("audit"));
    demo.postJson(
        "tenants/" + slug + "/members", "{\"email\":\"a@example.com\",\"role\":\"VIEWER\"}");
    demo.postJson("tenants/" + slug + "/api-keys", "{\"description\":\"ci\"}");
    signInAsDemo();
    browser.open("tenant/audit.xhtml?t=" + slug);
    browser.waitText(By.id("audit:events"), "api-key.create");

    chooseMenuItem("audit:action", "member.*");
    browser.driver.findElement(By.id("audit:search")).click();
    browser.awaitAjax();
    String table = browser.driver.findElement(By.id("audit:events")).getText();
    assertThat(table).contains("member.invite").doesNotContain("api-key.create");
    browser.driver.findElement(By.cssSelector("[id='audit:events'] .ui-row-toggler")).click();
    browser.waitText(By.id("audit:events"), "a@example.com");
    browser.assertNoCriticalAccessibilityViolations("audit");
    browser.screenshot("audit");
  }

  @Test
  void authPage_showsTheProvisionedIssuerAndSavesAnIssuerOrShowsTheServersRefusal() {
    String slug = demo.signUp(slug("auth"));
    signInAsDemo();
    browser.open("tenant/auth.xhtml?t=" + slug);
    assertThat(browser.driver.findElement(By.id("provisionedIssuer")).getText())
        .endsWith("/realms/cairn-t-" + slug);

    browser.driver.findElement(By.id("auth:add")).click();
    browser.waitVisible(By.id("auth:issuers:0:issuer")).sendKeys("not a url");
    browser.driver.findElement(By.id("auth:issuers:0:audience")).sendKeys("my-app");
    browser.driver.findElement(By.id("auth:save")).click();
    browser.waitVisible(By.cssSelector("[id='auth:save'] ~ .ui-message-error, .ui-message-error"));
    assertThat(demo.get("tenants/" + slug + "/auth").object().getJsonArray("issuers")).hasSize(1);

    WebElement issuer = browser.driver.findElement(By.id("auth:issuers:0:issuer"));
    issuer.sendKeys(Keys.chord(Keys.CONTROL, "a"), "https://idp.example.com/");
    browser.driver.findElement(By.id("auth:save")).click();
    browser.waitText(By.id("globalMessages"), "Saved");
    assertThat(demo.get("tenants/" + slug + "/auth").object().getJsonArray("issuers").toString())
        .contains("https://idp.example.com/");
    browser.assertNoCriticalAccessibilityViolations("auth");
    browser.screenshot("auth");
  }

  @Test
  void conflictsPage_savesTheDefaultAndAPerModelStrategy() {
    String slug = demo.signUp(slug("conflicts"));
    demo.postText("tenants/" + slug + "/schemas", V1);
    signInAsDemo();
    browser.open("tenant/conflicts.xhtml?t=" + slug);

    chooseMenuItem("conflicts:default", "OPTIMISTIC_CONCURRENCY");
    browser.driver.findElement(By.id("conflicts:add")).click();
    browser.waitVisible(By.id("conflicts:overrides:0:model")).sendKeys("Note");
    chooseMenuItem("conflicts:overrides:0:strategy", "AUTOMERGE");
    browser.driver.findElement(By.id("conflicts:save")).click();
    browser.waitText(By.id("globalMessages"), "Saved");

    JsonObject saved = demo.get("tenants/" + slug + "/conflicts").object();
    assertThat(saved.getString("default")).isEqualTo("OPTIMISTIC_CONCURRENCY");
    assertThat(saved.getJsonObject("models").getString("Note")).isEqualTo("AUTOMERGE");
    browser.assertNoCriticalAccessibilityViolations("conflicts");
    browser.screenshot("conflicts");
  }

  @Test
  void appUsersPage_createsAUserWhoCanSignInToTheTenantsRealmAndDisablesThem(
      TestKeycloak keycloak) {
    String slug = demo.signUp(slug("users"));
    signInAsDemo();
    browser.open("tenant/app-users.xhtml?t=" + slug);

    browser.driver.findElement(By.id("users:newGroup")).sendKeys("editors");
    browser.driver.findElement(By.id("users:createGroup")).click();
    browser.waitText(By.id("groupList"), "editors");
    browser.driver.findElement(By.id("users:newUsername")).sendKeys("alice");
    browser.driver.findElement(By.id("users:newEmail")).sendKeys("alice@example.com");
    browser.driver.findElement(By.id("users:newName")).sendKeys("Alice Smith");
    browser.driver.findElement(By.id("users:newPassword")).sendKeys("alice-secret");
    browser.driver.findElement(By.id("users:create")).click();
    browser.waitText(By.id("users:userTable"), "alice");
    String token = keycloak.passwordGrant("cairn-t-" + slug, "cairn-app", "alice", "alice-secret");
    assertThat(token).isNotBlank();

    browser.driver.findElement(By.xpath("//button[@title='Manage alice']")).click();
    chooseMenuItem("users:join", "editors");
    browser.driver.findElement(By.id("users:joinGroup")).click();
    browser.waitText(By.id("globalMessages"), "Added alice to the group");
    browser.waitText(By.id("users:userTable"), "editors");

    // Reset alice's password: a too short one is refused next to the field. A good one is by
    // default temporary: Keycloak takes it (and not the old one) but wants it changed first.
    WebElement password = browser.driver.findElement(By.id("users:password"));
    password.sendKeys("short");
    browser.driver.findElement(By.id("users:reset")).click();
    browser.waitText(By.id("users:manageContent"), "at least 8 characters");
    password = browser.driver.findElement(By.id("users:password"));
    password.clear();
    password.sendKeys("alice-renewed");
    browser.driver.findElement(By.id("users:reset")).click();
    browser.waitText(By.id("globalMessages"), "Set a new password for alice");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> keycloak.passwordGrant("cairn-t-" + slug, "cairn-app", "alice", "alice-renewed"))
        .hasMessageContaining("Account is not fully set up");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> keycloak.passwordGrant("cairn-t-" + slug, "cairn-app", "alice", "alice-secret"))
        .hasMessageContaining("Invalid user credentials");
    // Unticking "must change it" sets one she signs in with at once.
    browser.driver.findElement(By.cssSelector("[id='users:temporary'] .ui-chkbox-box")).click();
    password = browser.driver.findElement(By.id("users:password"));
    password.clear();
    password.sendKeys("alice-final-1");
    browser.driver.findElement(By.id("users:reset")).click();
    browser.awaitAjax();
    assertThat(keycloak.passwordGrant("cairn-t-" + slug, "cairn-app", "alice", "alice-final-1"))
        .isNotBlank();
    browser.driver.findElement(By.cssSelector(".ui-dialog-titlebar-close")).click();
    browser.assertNoCriticalAccessibilityViolations("app-users");
    browser.screenshot("app-users");

    browser.driver.findElement(By.xpath("//button[@title='Disable alice']")).click();
    browser.waitText(By.id("globalMessages"), "Disabled alice");
    assertThat(
            demo.get("tenants/" + slug + "/app-users?search=alice")
                .array()
                .getJsonObject(0)
                .getBoolean("enabled"))
        .isFalse();
  }

  @Test
  void dataPage_createsEditsAndDeletesThroughTheVersionCheckedPathWhichConnectedDevicesReceive()
      throws Exception {
    String slug = demo.signUp(slug("data"));
    demo.postText("tenants/" + slug + "/schemas", PUBLIC_NOTES);
    String key = demo.postJson("tenants/" + slug + "/api-keys", "{}").object().getString("key");
    for (int i = 1; i <= 25; i++) {
      AdminClient.Answer created =
          demo.postJson(
              "tenants/" + slug + "/data/Note/create",
              "{\"title\":\"note " + i + "\",\"rating\":" + i + "}");
      assertThat(created.status()).as(created.json().toString()).isEqualTo(200);
    }
    signInAsDemo();
    browser.open("tenant/data.xhtml?t=" + slug);

    // 25 records, 20 a page: the paginator knows the total the server counted.
    browser.waitText(By.id("data:records"), "note");
    assertThat(browser.driver.findElements(By.cssSelector("[id='data:records_data'] tr")))
        .hasSize(20);
    WebElement titleFilter =
        browser.driver.findElement(By.xpath("//th[.//span[normalize-space()='title']]//input"));
    titleFilter.sendKeys("note 2");
    browser.wait.until(
        d -> d.findElements(By.cssSelector("[id='data:records_data'] tr")).size() == 7); // 2, 20-25
    browser.assertNoCriticalAccessibilityViolations("data");
    browser.screenshot("data");

    // A connected device subscribes to updates of notes.
    String keyAuth = "{\"x-api-key\":\"" + key + "\",\"host\":\"localhost\"}";
    RealtimeTestClient device = RealtimeTestClient.connect(realtime(slug), keyAuth);
    device.send("{\"type\":\"connection_init\"}");
    assertThat(device.awaitType("connection_ack")).isNotNull();
    device.start(
        "u1",
        "subscription operation { onUpdateNote { id title _version _deleted } }",
        "{}",
        keyAuth);
    assertThat(device.awaitType("start_ack")).isNotNull();

    // Edit "note 2" in the editor: the server holds version 2 with the new title.
    browser
        .driver
        .findElement(
            By.xpath(
                "//tr[td[normalize-space()='note 2']]//button[starts-with(@title,'Open record')]"))
        .click();
    WebElement title =
        browser.waitVisible(
            By.xpath("//label[starts-with(normalize-space(),'title')]/following-sibling::input"));
    title.sendKeys(Keys.chord(Keys.CONTROL, "a"), "note two");
    browser.driver.findElement(By.id("data:save")).click();
    browser.waitText(By.id("globalMessages"), "version 2");
    List<JsonObject> found =
        demo.get(
                "tenants/"
                    + slug
                    + "/data/Note?filter="
                    + encode("{\"title\":{\"eq\":\"note two\"}}"))
            .object()
            .getJsonArray("items")
            .getValuesAs(JsonObject.class);
    assertThat(found).singleElement().satisfies(r -> assertThat(r.getInt("_version")).isEqualTo(2));
    // ... and the device received the edit live.
    JsonObject pushed;
    try (device) {
      pushed = device.awaitType("data");
    }
    assertThat(pushed).as("the subscriber's messages: %s", device.seen()).isNotNull();
    JsonObject note =
        pushed.getJsonObject("payload").getJsonObject("data").getJsonObject("onUpdateNote");
    assertThat(note.getString("title")).isEqualTo("note two");
    assertThat(note.getInt("_version")).isEqualTo(2);
    browser.screenshot("data-record");

    // Delete it: a tombstone, hidden unless asked for.
    browser.driver.findElement(By.id("data:delete")).click();
    browser.waitText(By.id("globalMessages"), "Deleted");
    JsonObject all = demo.get("tenants/" + slug + "/data/Note?size=50").object();
    JsonObject withTombstones =
        demo.get("tenants/" + slug + "/data/Note?size=50&tombstones=true").object();
    assertThat(all.getInt("total")).isEqualTo(24);
    assertThat(withTombstones.getInt("total")).isEqualTo(25);
  }

  private Object script(String js) {
    return ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(js);
  }

  private URI realtime(String slug) {
    return URI.create(server.replace("http", "ws") + "/t/" + slug + "/graphql/realtime");
  }

  /** A GraphQL request as an app would send it, with an API key or ({@code null}) none. */
  private HttpResponse<String> graphql(String slug, String apiKey, String query) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server + "/t/" + slug + "/graphql"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    jakarta.json.Json.createObjectBuilder()
                        .add("query", query)
                        .build()
                        .toString()));
    if (apiKey != null) {
      request.header("x-api-key", apiKey);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  private void chooseMenuItem(String menuId, String label, boolean verify) {
    browser.chooseMenuItem(menuId, label, verify);
  }

  private void chooseMenuItem(String menuId, String label) {
    chooseMenuItem(menuId, label, true);
  }

  private void chooseRole(int row, String role, boolean verify) {
    chooseMenuItem("members:memberTable:" + row + ":role", role, verify);
  }
}
