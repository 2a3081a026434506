package dev.cairn.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.cairn.testkit.HeadlessChromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium at 1366x768 on the console: signs in through the real Keycloak login
 * page, checks pages with axe-core and saves screenshots under {@code target/screenshots}.
 */
final class ConsoleBrowser implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final WebDriver driver;
  final WebDriverWait wait;
  private final String console;

  ConsoleBrowser(String consoleUrl) {
    this.console = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
    this.driver = HeadlessChromium.start();
    driver.manage().window().setSize(new Dimension(1366, 768));
    this.wait = new WebDriverWait(driver, WAIT);
    // Ajax updates replace elements while a condition reads them: read them again.
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
  }

  /** Opens the console and signs in on Keycloak's login page as a person would. */
  void signIn(String user, String password) {
    driver.get(console);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    driver.findElement(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("kc-login")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("top:signedInAs")));
  }

  /** Opens a console page, e.g. {@code tenant/schema.xhtml?t=acme}. */
  void open(String page) {
    driver.get(console + page);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("main")));
  }

  WebElement waitVisible(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Waits for {@code text} in the element; on timeout the failure shows the page's messages. */
  void waitText(By by, String text) {
    try {
      wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    } catch (org.openqa.selenium.TimeoutException e) {
      screenshot("failed-" + by.toString().replaceAll("[^A-Za-z0-9]+", "-"));
      List<WebElement> messages = driver.findElements(By.cssSelector(".ui-messages, .ui-message"));
      throw new AssertionError(
          "no `"
              + text
              + "` in "
              + by
              + "; messages on the page: "
              + messages.stream().map(WebElement::getText).collect(Collectors.joining(" | ")),
          e);
    }
  }

  /** Waits until PrimeFaces has no ajax request in flight. */
  void awaitAjax() {
    wait.until(
        d ->
            Boolean.TRUE.equals(
                ((org.openqa.selenium.JavascriptExecutor) d)
                    .executeScript(
                        "return !window.PrimeFaces || !PrimeFaces.ajax"
                            + " || PrimeFaces.ajax.Queue.isEmpty();")));
  }

  /**
   * Picks {@code label} in a PrimeFaces select menu as a person does (open it, click the item) and,
   * when {@code verify}, checks the menu shows it, trying again if a click landed while the panel
   * was still opening.
   */
  void chooseMenuItem(String menuId, String label, boolean verify) {
    By item = By.cssSelector("[id='" + menuId + "_items'] li[data-label='" + label + "']");
    By shown = By.id(menuId + "_label");
    for (int attempt = 1; ; attempt++) {
      awaitAjax();
      WebElement menu = driver.findElement(By.id(menuId));
      // Centred first, so the panel opens clear of the fixed header (a click on an item under it
      // lands on the header instead).
      ((org.openqa.selenium.JavascriptExecutor) driver)
          .executeScript("arguments[0].scrollIntoView({block: 'center'});", menu);
      menu.click();
      waitVisible(By.id(menuId + "_panel"));
      wait.until(
          d ->
              Boolean.TRUE.equals(
                  ((org.openqa.selenium.JavascriptExecutor) d)
                      .executeScript(
                          "return !jQuery(PrimeFaces.escapeClientId(arguments[0])).is(':animated');",
                          menuId + "_panel")));
      // An item below the panel's scroll height shows once its list is scrolled to it; only the
      // list scrolls, as scrolling the page closes the panel.
      ((org.openqa.selenium.JavascriptExecutor) driver)
          .executeScript(
              "var li = document.querySelector(arguments[0]);"
                  + " var w = li && li.closest('.ui-selectonemenu-items-wrapper');"
                  + " if (w) { var top = li.offsetTop - w.offsetTop;"
                  + " if (top < w.scrollTop || top + li.offsetHeight > w.scrollTop + w.clientHeight)"
                  + " { w.scrollTop = top; } }",
              "[id='" + menuId + "_items'] li[data-label='" + label + "']");
      waitVisible(item);
      WebElement choice = driver.findElement(item);
      try {
        choice.click();
      } catch (ElementClickInterceptedException e) {
        // the open panel sits under the fixed header (scrolling the page would close it): the
        // item itself takes the click, as it would from a person who scrolled
        ((org.openqa.selenium.JavascriptExecutor) driver)
            .executeScript("arguments[0].click();", choice);
      }
      // A chosen item closes the panel. One still open after a while lost its click (seen on a
      // loaded machine, the panel settling under the pointer): the item takes the click again.
      By panel = By.id(menuId + "_panel");
      try {
        new WebDriverWait(driver, Duration.ofSeconds(5))
            .until(ExpectedConditions.invisibilityOfElementLocated(panel));
      } catch (org.openqa.selenium.TimeoutException stillOpen) {
        ((org.openqa.selenium.JavascriptExecutor) driver)
            .executeScript("arguments[0].click();", driver.findElement(item));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(panel));
      }
      if (!verify || driver.findElement(shown).getText().equals(label) || attempt == 3) {
        break;
      }
    }
    if (verify) {
      waitText(shown, label);
    }
    awaitAjax();
  }

  /** Adds {@code value} to a PrimeFaces chips input as a person does: type it, press Enter. */
  void addChip(String chipsId, String value) {
    WebElement input =
        waitVisible(By.cssSelector("[id='" + chipsId + "'] .ui-chips-input-token input"));
    input.sendKeys(value, org.openqa.selenium.Keys.ENTER);
    wait.until(
        d ->
            d.findElements(By.cssSelector("[id='" + chipsId + "'] .ui-chips-token")).stream()
                .anyMatch(t -> t.getText().contains(value)));
  }

  /** Runs axe-core on the page and fails on any critical violation. */
  void assertNoCriticalAccessibilityViolations(String page) {
    Results results = new AxeBuilder().analyze(driver);
    List<Rule> critical =
        results.getViolations().stream().filter(r -> "critical".equals(r.getImpact())).toList();
    assertThat(critical)
        .as(
            "critical axe-core violations on %s: %s",
            page,
            critical.stream()
                .map(
                    r ->
                        r.getId()
                            + " "
                            + r.getNodes().stream()
                                .map(n -> n.getTarget().toString())
                                .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; ")))
        .isEmpty();
  }

  /** Saves a screenshot of the visible page as {@code target/screenshots/<name>.png}. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Path taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(taken, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
