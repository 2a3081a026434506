package dev.cairn.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.TestKeycloak;
import jakarta.json.JsonObject;
import java.net.URL;
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
}
