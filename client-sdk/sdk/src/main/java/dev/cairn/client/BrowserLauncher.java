package dev.cairn.client;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;

/**
 * Shows the user Keycloak's sign-in page for {@link KeycloakBrowserLogin}: opens {@code
 * authorizationUrl} in a browser and returns without waiting for the sign-in. Tests and headless
 * tools plug in their own.
 */
@FunctionalInterface
public interface BrowserLauncher {

  /**
   * Opens the sign-in page.
   *
   * @throws IOException when no browser could be opened; the login then fails naming the URL
   */
  void open(URI authorizationUrl) throws IOException;

  /**
   * The system browser through {@link Desktop#browse} where the desktop supports it; otherwise the
   * URL is printed to {@code System.out} for the user to open (a terminal, a remote session).
   */
  static BrowserLauncher system() {
    return url -> {
      if (!GraphicsEnvironment.isHeadless()
          && Desktop.isDesktopSupported()
          && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        Desktop.getDesktop().browse(url);
      } else {
        printing(System.out).open(url);
      }
    };
  }

  /** Prints the URL with a line telling the user to open it. */
  static BrowserLauncher printing(PrintStream out) {
    return url -> {
      out.println("Open this address in a browser to sign in:");
      out.println(url);
      out.flush();
    };
  }
}
