package dev.cairn.console.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the console finds the server: {@code cairn.console.api-url} ({@code CAIRN_CONSOLE_API_URL},
 * e.g. {@code http://localhost:8080}), or, when unset, the Payara instance that serves the console
 * itself, reached over the loopback interface on the port the request came in on (both WARs run in
 * one Payara Micro by default).
 */
@ApplicationScoped
public class ApiSettings {
  @Inject
  @ConfigProperty(name = "cairn.console.api-url")
  Optional<String> apiUrl;

  /** The server's base URL without a trailing slash, for {@code request}. */
  public String serverUrl(HttpServletRequest request) {
    return apiUrl
        .filter(u -> !u.isBlank())
        .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
        .orElseGet(() -> request.getScheme() + "://127.0.0.1:" + request.getLocalPort());
  }

  /** Whether the console calls the server WAR of its own Payara instance (no API URL set). */
  public boolean sameNode() {
    return apiUrl.filter(u -> !u.isBlank()).isEmpty();
  }

  /**
   * The server's URL as the browser reaches it (same host, scheme and port as the console page),
   * for what the console shows to people: GraphQL endpoints, curl lines.
   */
  public String publicServerUrl(HttpServletRequest request) {
    String url = request.getRequestURL().toString();
    return url.substring(0, url.length() - request.getRequestURI().length());
  }
}
