package dev.cairn.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.HeadlessChromium;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import java.io.File;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The real console WAR on Payara Micro, signed in through the real Keycloak login page in a real
 * headless Chromium.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class ConsoleLoginIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @ArquillianResource URL console;

  private WebDriver browser;

  @Deployment(testable = false)
  static WebArchive console() {
    WebArchive war =
        ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/cairn-console.war"));
    return Deployments.configure(war, TestStack.get().serverConfig());
  }

  @BeforeEach
  void openBrowser(TestKeycloak keycloak) {
    keycloak.allowRedirect("cairn-console", "cairn-console", console.toString() + "*");
    browser = HeadlessChromium.start();
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void anonymousVisitorIsSentToKeycloakAndComesBackSignedIn(TestKeycloak keycloak) {
    browser.get(console.toString());
    WebDriverWait wait = new WebDriverWait(browser, WAIT);

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    assertThat(browser.getCurrentUrl()).startsWith(keycloak.issuer("cairn-console"));
    browser.findElement(By.id("username")).sendKeys(TestKeycloak.DEMO_USER);
    browser.findElement(By.id("password")).sendKeys(TestKeycloak.DEMO_PASSWORD);
    browser.findElement(By.id("kc-login")).click();

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("top:signedInAs")));
    assertThat(browser.getCurrentUrl()).startsWith(console.toString());
    assertThat(browser.findElement(By.id("top:signedInAs")).getText()).isEqualTo("Demo Admin");
    assertThat(browser.findElement(By.id("username")).getText()).isEqualTo("demo");
    assertThat(browser.findElement(By.id("groups")).getText()).isEqualTo("cairn-admins");
  }

  @Test
  void signOutEndsTheKeycloakSessionToo() {
    browser.get(console.toString());
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    browser.findElement(By.id("username")).sendKeys(TestKeycloak.DEMO_USER);
    browser.findElement(By.id("password")).sendKeys(TestKeycloak.DEMO_PASSWORD);
    browser.findElement(By.id("kc-login")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("top:signOut")));

    browser.findElement(By.id("top:signOut")).click();

    // Back at the console, which needs a login again: Keycloak shows its login form, not the
    // console.
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-login")));
    browser.get(console.toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-login")));
    assertThat(browser.findElements(By.id("top:signedInAs"))).isEmpty();
  }
}
