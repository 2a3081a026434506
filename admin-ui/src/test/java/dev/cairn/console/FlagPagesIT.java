package dev.cairn.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.launcher.KeycloakServer;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.TestKeycloak;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Flags and Segments pages in a real headless Chromium, signed in through the real Keycloak
 * login page, against the real server WAR (same harness as {@link ConsolePagesIT}): each test
 * drives a page as a person would, then checks what the server holds through the admin API, runs
 * axe-core (no critical violations) and saves a 1366x768 screenshot under {@code
 * target/screenshots}.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class FlagPagesIT {
  /** A flag on for the {@code beta} group, off for everyone else. */
  static final String BETA_FLAG =
      """
      {"kind":"boolean","variations":[{"name":"on","value":true},{"name":"off","value":false}],
       "on":true,"offVariation":"off",
       "rules":[{"id":"beta","clauses":[{"attribute":"groups","op":"in","values":["beta"]}],"variation":"on"},
                {"id":"emails","clauses":[{"attribute":"email","op":"matches","values":["@example\\\\.com$"]}],"variation":"on"}],
       "fallthrough":{"variation":"off"},"tags":["checkout"]}
      """;

  @ArquillianResource URL deployed;

  private String server;
  private ConsoleBrowser browser;
  private AdminClient demo;

  /**
   * The stale period of this deployment: short, so a test sees a flag turn stale. 40 s leaves a
   * loaded machine ample time between a client's evaluation and the page showing it.
   */
  static final Duration STALE_AFTER = Duration.ofSeconds(40);

  @Deployment(testable = false)
  static WebArchive consoleBesideServer() {
    return ConsoleDeployment.consoleBesideServer(
        Map.of("cairn.flags.stale-after", STALE_AFTER.toString()));
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

  private String tenantWithBetaFlag(String prefix) {
    String slug = demo.signUp(slug(prefix));
    AdminClient.Answer put =
        demo.call("PUT", "tenants/" + slug + "/flags/checkout-v2", "application/json", BETA_FLAG);
    assertThat(put.status()).as(put.json().toString()).isEqualTo(200);
    return slug;
  }

  private JsonObject flag(String slug, String key) {
    return demo.get("tenants/" + slug + "/flags/" + key).object();
  }

  private void signInAsDemo() {
    browser.signIn(TestKeycloak.DEMO_USER, TestKeycloak.DEMO_PASSWORD);
  }

  @Test
  void flagsPage_createsAFlagAndSwitchesItOnOnlyAfterTheConfirmation() {
    String slug = tenantWithBetaFlag("flags");
    signInAsDemo();
    browser.open("tenant/flags.xhtml?t=" + slug);
    browser.waitText(By.id("flags:flagTable"), "checkout-v2");

    browser.driver.findElement(By.id("newFlag:key")).sendKeys("new-banner");
    browser.driver.findElement(By.id("newFlag:create")).click();
    browser.wait.until(ExpectedConditions.urlContains("tenant/flag.xhtml"));
    browser.waitText(By.id("globalMessages"), "Created flag new-banner");
    assertThat(flag(slug, "new-banner").getBoolean("on")).isFalse();

    browser.open("tenant/flags.xhtml?t=" + slug);
    browser.driver.findElement(By.id("flags:search")).sendKeys("banner");
    browser.wait.until(
        d -> !d.findElement(By.id("flags:flagTable")).getText().contains("checkout-v2"));
    By toggle = By.xpath("//button[@title='Turn new-banner on']");
    browser.driver.findElement(toggle).click();
    browser.waitVisible(By.cssSelector(".ui-confirmdialog-no")).click();
    assertThat(flag(slug, "new-banner").getBoolean("on")).isFalse();

    browser.driver.findElement(toggle).click();
    browser.waitVisible(By.cssSelector(".ui-confirmdialog-yes")).click();
    browser.waitText(By.id("globalMessages"), "Turned new-banner on");
    assertThat(flag(slug, "new-banner").getBoolean("on")).isTrue();
    browser.waitVisible(By.xpath("//button[@title='Turn new-banner off']"));

    browser
        .driver
        .findElement(By.id("flags:search"))
        .sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    browser.chooseMenuItem("flags:tag", "checkout", true);
    browser.wait.until(
        d -> !d.findElement(By.id("flags:flagTable")).getText().contains("new-banner"));
    assertThat(browser.driver.findElement(By.id("flags:flagTable")).getText())
        .contains("checkout-v2");
    browser.assertNoCriticalAccessibilityViolations("flags");
    browser.screenshot("flags");
  }

  @Test
  void flagEditor_savesARuleAndARolloutAndShowsAnInvalidRulesProblemAtItsFieldSavingNothing() {
    String slug = tenantWithBetaFlag("editor");
    signInAsDemo();
    browser.open("tenant/flag.xhtml?t=" + slug + "&key=checkout-v2");

    // A new rule: app versions from 3.0.0 get the flag.
    browser.driver.findElement(By.id("flag:addRule")).click();
    browser.waitVisible(By.id("flag:rules:2:clauses:0:attribute")).sendKeys("appVersion");
    browser.chooseMenuItem("flag:rules:2:clauses:0:op", "semVerGreaterThan", true);
    browser.addChip("flag:rules:2:clauses:0:values", "2.9.9");
    // Everyone else: a 25% rollout of `on`.
    browser
        .driver
        .findElement(
            By.xpath(
                "//section[@aria-label='Fallthrough']//label"
                    + "[normalize-space()='a percentage rollout']"))
        .click();
    browser.awaitAjax();
    List<WebElement> weights =
        browser.wait.until(
            ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("section[aria-label='Fallthrough'] .weight input[type='text']"), 2));
    weights.get(0).sendKeys(Keys.chord(Keys.CONTROL, "a"), "25", Keys.TAB);
    browser.awaitAjax();
    weights =
        browser.driver.findElements(
            By.cssSelector("section[aria-label='Fallthrough'] .weight input[type='text']"));
    weights.get(1).sendKeys(Keys.chord(Keys.CONTROL, "a"), "75", Keys.TAB);
    browser.awaitAjax();
    browser.waitText(By.cssSelector("section[aria-label='Fallthrough']"), "Total 100%");
    browser.driver.findElement(By.id("flag:save")).click();
    browser.waitText(By.id("globalMessages"), "Saved checkout-v2");

    JsonObject saved = flag(slug, "checkout-v2");
    assertThat(saved.getJsonArray("rules")).hasSize(3);
    JsonObject rule = saved.getJsonArray("rules").getJsonObject(2);
    assertThat(rule.getString("id")).isEqualTo("rule-3");
    assertThat(rule.getJsonArray("clauses").getJsonObject(0).getString("op"))
        .isEqualTo("semVerGreaterThan");
    assertThat(rule.getJsonArray("clauses").getJsonObject(0).getJsonArray("values").getString(0))
        .isEqualTo("2.9.9");
    assertThat(saved.getJsonObject("fallthrough").getJsonObject("rollout").toString())
        .contains("\"variation\":\"on\",\"weight\":25")
        .contains("\"variation\":\"off\",\"weight\":75");
    browser.assertNoCriticalAccessibilityViolations("flag");
    browser.screenshot("flag");

    // A regular expression that does not compile: the problem shows at that clause's values.
    browser.addChip("flag:rules:1:clauses:0:values", "[unclosed");
    browser.driver.findElement(By.id("flag:save")).click();
    browser.waitText(By.id("flag:rules:1:clauses:0:valuesError"), "does not compile");
    assertThat(browser.driver.findElement(By.id("flag:problemBox")).getText())
        .contains("Nothing was saved")
        .contains("rules[emails].clauses[0].values[1]");
    assertThat(browser.driver.findElements(By.id("flag:rules:0:clauses:0:valuesError"))).isEmpty();
    JsonObject after = flag(slug, "checkout-v2");
    assertThat(
            after
                .getJsonArray("rules")
                .getJsonObject(1)
                .getJsonArray("clauses")
                .getJsonObject(0)
                .getJsonArray("values"))
        .hasSize(1);
    ((org.openqa.selenium.JavascriptExecutor) browser.driver)
        .executeScript(
            "document.getElementById(arguments[0]).scrollIntoView({block: 'center'});",
            "flag:rules:1:clauses:0:valuesError");
    browser.screenshot("flag-errors");
  }

  @Test
  void flagsPage_previewsWhoGetsWhatForAContext() {
    String slug = tenantWithBetaFlag("preview");
    signInAsDemo();
    browser.open("tenant/flags.xhtml?t=" + slug);

    browser.driver.findElement(By.id("preview:userKey")).sendKeys("u-1");
    browser.addChip("preview:groups", "beta");
    browser.driver.findElement(By.id("preview:evaluate")).click();
    browser.waitText(By.id("preview:served"), "RULE_MATCH");
    assertThat(browser.driver.findElement(By.id("preview:served")).getText())
        .contains("checkout-v2")
        .contains("true")
        .contains("rule beta");

    browser
        .driver
        .findElement(By.cssSelector("[id='preview:groups'] .ui-chips-token-icon"))
        .click();
    browser
        .driver
        .findElement(By.id("preview:attributes"))
        .sendKeys("{\"email\": \"ana@other.org\"}");
    browser.driver.findElement(By.id("preview:evaluate")).click();
    browser.waitText(By.id("preview:served"), "FALLTHROUGH");
    assertThat(browser.driver.findElement(By.id("preview:served")).getText()).contains("false");

    browser
        .driver
        .findElement(By.id("preview:attributes"))
        .sendKeys(Keys.chord(Keys.CONTROL, "a"), "not json");
    browser.driver.findElement(By.id("preview:evaluate")).click();
    browser.waitText(By.id("preview"), "Write the attributes as a JSON object");
    browser
        .driver
        .findElement(By.id("preview:attributes"))
        .sendKeys(Keys.chord(Keys.CONTROL, "a"), "{\"email\": \"ana@example.com\"}");
    browser.driver.findElement(By.id("preview:evaluate")).click();
    browser.waitText(By.id("preview:served"), "rule emails");
    ((org.openqa.selenium.JavascriptExecutor) browser.driver)
        .executeScript("document.getElementById('preview').scrollIntoView();");
    browser.assertNoCriticalAccessibilityViolations("flags (who gets what)");
    browser.screenshot("flags-preview");
  }

  @Test
  void historyPage_showsEachChangeOfAFlagWithTheFieldsBeforeAndAfter() {
    String slug = tenantWithBetaFlag("history");
    assertThat(
            demo.postJson("tenants/" + slug + "/flags/checkout-v2/toggle", "{\"on\":false}")
                .status())
        .isEqualTo(200);
    signInAsDemo();
    browser.open("tenant/flag.xhtml?t=" + slug + "&key=checkout-v2");
    browser.driver.findElement(By.id("flag:historyLink")).click();
    browser.wait.until(ExpectedConditions.urlContains("tenant/flag-history.xhtml"));

    List<WebElement> entries = browser.driver.findElements(By.cssSelector(".history-entry"));
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).getText()).contains("flag.update").contains("by demo@");
    WebElement onRow = entries.get(0).findElement(By.xpath(".//tr[td[normalize-space()='on']]"));
    assertThat(onRow.findElement(By.cssSelector(".diff-before")).getText()).isEqualTo("true");
    assertThat(onRow.findElement(By.cssSelector(".diff-after")).getText()).isEqualTo("false");
    assertThat(entries.get(0).findElements(By.cssSelector("tbody tr"))).hasSize(1);
    assertThat(entries.get(1).getText())
        .contains("flag.create")
        .contains("rules[beta].clauses[0].values[beta]");
    browser.assertNoCriticalAccessibilityViolations("flag-history");
    browser.screenshot("flag-history");
  }

  @Test
  void segmentPages_createASegmentWithUsersAndARuleThatAFlagThenMatches() {
    String slug = tenantWithBetaFlag("segments");
    signInAsDemo();
    browser.open("tenant/segments.xhtml?t=" + slug);
    browser.driver.findElement(By.id("newSegment:key")).sendKeys("staff");
    browser.driver.findElement(By.id("newSegment:create")).click();
    browser.wait.until(ExpectedConditions.urlContains("tenant/segment.xhtml"));

    browser.addChip("segment:included", "u-7");
    browser.addChip("segment:excluded", "u-8");
    browser.driver.findElement(By.id("segment:addRule")).click();
    browser.waitVisible(By.id("segment:rules:0:clauses:0:attribute")).sendKeys("email");
    browser.chooseMenuItem("segment:rules:0:clauses:0:op", "endsWith", true);
    browser.addChip("segment:rules:0:clauses:0:values", "@shop.example");
    browser.driver.findElement(By.id("segment:save")).click();
    browser.waitText(By.id("globalMessages"), "Saved segment staff");

    JsonObject segment = demo.get("tenants/" + slug + "/segments/staff").object();
    assertThat(segment.getJsonArray("included").getString(0)).isEqualTo("u-7");
    assertThat(segment.getJsonArray("excluded").getString(0)).isEqualTo("u-8");
    assertThat(segment.getJsonArray("rules").getJsonObject(0).toString())
        .contains("\"attribute\":\"email\"")
        .contains("\"op\":\"endsWith\"")
        .contains("@shop.example");
    browser.assertNoCriticalAccessibilityViolations("segment");
    browser.screenshot("segment");

    // A flag rule matching the segment: the list shows which flags use it.
    browser.open("tenant/flag.xhtml?t=" + slug + "&key=checkout-v2");
    browser.chooseMenuItem("flag:rules:0:clauses:0:op", "segmentMatch", true);
    browser
        .driver
        .findElement(By.cssSelector("[id='flag:rules:0:clauses:0:values'] .ui-chips-token-icon"))
        .click();
    browser.addChip("flag:rules:0:clauses:0:values", "staff");
    browser.driver.findElement(By.id("flag:save")).click();
    browser.waitText(By.id("globalMessages"), "Saved checkout-v2");
    browser.open("tenant/segments.xhtml?t=" + slug);
    browser.waitText(By.id("segmentTable"), "checkout-v2");
    browser.assertNoCriticalAccessibilityViolations("segments");
    browser.screenshot("segments");
  }

  @Test
  void flagsPage_marksAFlagNoClientEvaluatedForTheStalePeriodButNotOneAClientKeepsEvaluating()
      throws Exception {
    String slug = demo.signUp(slug("stale"));
    AdminClient.Answer put =
        demo.call(
            "PUT",
            "tenants/" + slug + "/flags",
            "application/yaml",
            """
            version: 1
            flags:
              kept: { type: boolean, default: true }
              dropped: { type: boolean, default: false }
            """);
    assertThat(put.status()).as(put.json().toString()).isEqualTo(200);
    String key = demo.postJson("tenants/" + slug + "/api-keys", "{}").object().getString("key");
    signInAsDemo();

    // Each round a client evaluates `kept` (OFREP, as any OpenFeature client would), then the
    // list is read again; `dropped` turns stale once the period has passed since it was created.
    By keptRow = By.xpath("//tr[.//a[normalize-space()='kept']]");
    By droppedRow = By.xpath("//tr[.//a[normalize-space()='dropped']]");
    new WebDriverWait(browser.driver, STALE_AFTER.multipliedBy(5), Duration.ofSeconds(2))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            d -> {
              assertThat(ofrep(slug, key, "kept")).isEqualTo(200);
              browser.open("tenant/flags.xhtml?t=" + slug);
              return d.findElement(droppedRow).getText().contains("stale")
                  && !d.findElement(keptRow).getText().contains("stale");
            });

    assertThat(browser.driver.findElement(droppedRow).getText())
        .contains("no client evaluated it for the stale period");
    JsonObject status = demo.get("tenants/" + slug + "/flags").object().getJsonObject("flagStatus");
    assertThat(status.getJsonObject("dropped").getString("staleReason")).isEqualTo("NOT_EVALUATED");
    assertThat(status.getJsonObject("kept").containsKey("lastEvaluatedAt")).isTrue();
    browser.assertNoCriticalAccessibilityViolations("flags (stale)");
    browser.screenshot("flags-stale");
  }

  private void scrollIntoView(String id) {
    ((org.openqa.selenium.JavascriptExecutor) browser.driver)
        .executeScript("document.getElementById(arguments[0]).scrollIntoView();", id);
  }

  private int ofrep(String slug, String apiKey, String flag) {
    HttpResponse<String> answer;
    try {
      answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(server + "/t/" + slug + "/ofrep/v1/evaluate/flags/" + flag))
                      .header("x-api-key", apiKey)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString("{\"context\":{}}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.statusCode();
  }

  @Test
  void applyPage_refusesABadFlagsYamlAtItsLineAndColumnThenPreviewsAndAppliesAnUploadedOne()
      throws IOException {
    String slug = tenantWithBetaFlag("apply");
    signInAsDemo();
    browser.open("tenant/flags.xhtml?t=" + slug);
    browser.driver.findElement(By.id("applyLink")).click();
    browser.wait.until(ExpectedConditions.urlContains("tenant/flags-apply.xhtml"));

    // line 8 holds a regular expression that does not compile
    browser
        .waitVisible(By.id("apply:document"))
        .sendKeys(
            "version: 1\n"
                + "flags:\n"
                + "  checkout-v2:\n"
                + "    type: boolean\n"
                + "    default: false\n"
                + "    rules:\n"
                + "      - id: mails\n"
                + "        clauses: [ { attribute: email, op: matches, values: [\"[open\"] } ]\n"
                + "        value: true\n");
    browser.driver.findElement(By.id("apply:preview")).click();
    browser.waitText(By.id("apply:problemBox"), "Nothing was applied");
    assertThat(browser.driver.findElement(By.id("apply:problemBox")).getText())
        .contains("flags.yaml:8:")
        .contains("flags.checkout-v2.rules[mails].clauses[0].values[0]");
    assertThat(browser.driver.findElements(By.id("apply:applyButton"))).isEmpty();
    assertThat(flag(slug, "checkout-v2").getJsonArray("rules")).hasSize(2);
    browser.assertNoCriticalAccessibilityViolations("flags-apply (problems)");
    scrollIntoView("apply:problemBox");
    browser.screenshot("flags-apply-problems");

    Path file = Files.createTempFile("flags", ".yaml");
    Files.writeString(
        file,
        """
        version: 1
        segments:
          staff: { match: { groups: [staff] } }
        flags:
          checkout-v2:
            type: boolean
            default: false
            rules: [ { segment: staff, value: true } ]
          banner: { type: string, default: spring }
        """);
    browser.driver.findElement(By.id("apply:upload_input")).sendKeys(file.toString());
    browser.waitText(By.id("apply:changes"), "banner");
    String preview = browser.driver.findElement(By.id("apply:changes")).getText();
    assertThat(preview).contains("ADDED").contains("CHANGED").contains("staff");
    assertThat(browser.driver.findElements(By.cssSelector(".apply-change"))).hasSize(3);
    assertThat(demo.get("tenants/" + slug + "/flags").object().getJsonObject("flags").keySet())
        .containsExactly("checkout-v2");
    browser.assertNoCriticalAccessibilityViolations("flags-apply (preview)");
    scrollIntoView("apply:changes");
    browser.screenshot("flags-apply-preview");

    // centred first: the page is scrolled to the preview, and the fixed header must not cover it
    WebElement applyButton = browser.waitVisible(By.id("apply:applyButton"));
    ((org.openqa.selenium.JavascriptExecutor) browser.driver)
        .executeScript("arguments[0].scrollIntoView({block: 'center'});", applyButton);
    applyButton.click();
    browser.waitText(By.id("globalMessages"), "Applied flags.yaml: 3 changes");
    JsonObject document = demo.get("tenants/" + slug + "/flags").object();
    assertThat(document.getJsonObject("flags").keySet())
        .containsExactlyInAnyOrder("checkout-v2", "banner");
    assertThat(document.getJsonObject("segments").keySet()).containsExactly("staff");
    assertThat(flag(slug, "checkout-v2").getJsonArray("rules").toString()).contains("staff");
  }

  @Test
  void segmentHistoryPage_showsEachChangeOfASegmentWithTheIdsBeforeAndAfter() {
    String slug = demo.signUp(slug("seghist"));
    String path = "tenants/" + slug + "/segments/staff";
    assertThat(demo.call("PUT", path, "application/json", "{\"included\":[\"u-1\"]}").status())
        .isEqualTo(200);
    assertThat(
            demo.call("PUT", path, "application/json", "{\"included\":[\"u-1\",\"u-2\"]}").status())
        .isEqualTo(200);
    signInAsDemo();
    browser.open("tenant/segment.xhtml?t=" + slug + "&key=staff");
    browser.driver.findElement(By.id("segment:historyLink")).click();
    browser.wait.until(ExpectedConditions.urlContains("tenant/flag-history.xhtml"));
    browser.waitText(By.id("main"), "History of segment staff");

    List<WebElement> entries = browser.driver.findElements(By.cssSelector(".history-entry"));
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).getText()).contains("segment.update").contains("by demo@");
    assertThat(entries.get(0).findElements(By.cssSelector("tbody tr"))).hasSize(1);
    WebElement added =
        entries.get(0).findElement(By.xpath(".//tr[td[normalize-space()='included[u-2]']]"));
    assertThat(added.findElements(By.cssSelector(".diff-before"))).isEmpty();
    assertThat(added.findElement(By.cssSelector(".diff-after")).getText()).isEqualTo("u-2");
    assertThat(entries.get(1).getText()).contains("segment.create").contains("included[u-1]");
    browser.assertNoCriticalAccessibilityViolations("segment-history");
    browser.screenshot("segment-history");
  }

  @Test
  void aViewerSeesTheFlagPagesReadOnlyAndTheApiRefusesTheirChanges(TestKeycloak keycloak) {
    String slug = tenantWithBetaFlag("viewer");
    String vera = slug("vera");
    keycloak.createUser(KeycloakServer.CONSOLE_REALM, vera, "pw");
    AdminClient.Answer invited =
        demo.postJson(
            "tenants/" + slug + "/members",
            "{\"email\":\"" + vera + "@example.com\",\"role\":\"VIEWER\"}");
    assertThat(invited.status()).as(invited.json().toString()).isIn(200, 201);
    AdminClient veraApi =
        new AdminClient(
            server, keycloak.passwordGrant(KeycloakServer.CONSOLE_REALM, "cairn-cli", vera, "pw"));

    browser.signIn(vera, "pw");
    browser.open("tenant/flag.xhtml?t=" + slug + "&key=checkout-v2");
    browser.waitText(By.id("flag:readOnly"), "Read-only");
    assertThat(browser.driver.findElements(By.id("flag:save"))).isEmpty();
    assertThat(browser.driver.findElements(By.id("flag:delete"))).isEmpty();
    assertThat(browser.driver.findElements(By.id("flag:addRule"))).isEmpty();
    assertThat(browser.driver.findElement(By.id("flag:rules:0:ruleId")).isEnabled()).isFalse();
    assertThat(browser.driver.findElement(By.id("flag:on")).getAttribute("class"))
        .contains("ui-state-disabled");
    browser.assertNoCriticalAccessibilityViolations("flag (viewer)");
    browser.screenshot("flag-viewer");

    browser.open("tenant/flags.xhtml?t=" + slug);
    browser.waitText(By.id("flags:flagTable"), "checkout-v2");
    assertThat(browser.driver.findElements(By.xpath("//button[@title='Turn checkout-v2 off']")))
        .isEmpty();
    assertThat(browser.driver.findElements(By.id("newFlag:create"))).isEmpty();
    browser.open("tenant/flags-apply.xhtml?t=" + slug);
    browser.waitText(By.id("apply:readOnly"), "may preview, not apply");

    String flagPath = "tenants/" + slug + "/flags/checkout-v2";
    assertThat(veraApi.get(flagPath).status()).isEqualTo(200);
    assertThat(veraApi.call("PUT", flagPath, "application/json", BETA_FLAG).status())
        .isEqualTo(403);
    assertThat(veraApi.postJson(flagPath + "/toggle", "{\"on\":false}").status()).isEqualTo(403);
    assertThat(veraApi.call("DELETE", flagPath, null, null).status()).isEqualTo(403);
    assertThat(
            veraApi
                .call("PUT", "tenants/" + slug + "/flags", "application/yaml", "version: 1\n")
                .status())
        .isEqualTo(403);
    assertThat(
            veraApi
                .call("PUT", "tenants/" + slug + "/segments/staff", "application/json", "{}")
                .status())
        .isEqualTo(403);
    assertThat(flag(slug, "checkout-v2").getBoolean("on")).isTrue();
  }
}
