package dev.cairn.client.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The redirect target of a desktop sign-in (RFC 8252 §7.3): an HTTP listener on {@code 127.0.0.1}
 * at a port the system picks, taking the one authorization response sent to its path. The response
 * is judged as it arrives — its {@code state} must be the one this sign-in sent (else it may be a
 * forged request and is refused), an {@code error} is Keycloak's refusal, otherwise it must carry a
 * {@code code} — and the browser is shown the outcome. Later requests are told the sign-in is over;
 * other paths get 404. Closing stops the listener. Thread-safe.
 */
public final class LoopbackReceiver implements AutoCloseable {
  private static final byte[] LOOPBACK = {127, 0, 0, 1};

  /** What the redirect brought: the code, or why the sign-in failed. */
  public sealed interface Outcome permits Code, Failure {}

  public record Code(String code) implements Outcome {}

  public record Failure(String reason) implements Outcome {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final String path;
  private final String expectedState;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

  private LoopbackReceiver(HttpServer server, ExecutorService executor, String path, String state) {
    this.server = server;
    this.executor = executor;
    this.path = path;
    this.expectedState = state;
  }

  /**
   * Starts listening.
   *
   * @param path the callback path, e.g. {@code /callback}
   * @param expectedState the {@code state} the authorization request carries
   * @throws IOException when no loopback port could be bound
   */
  public static LoopbackReceiver start(String path, String expectedState) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), 0), 0);
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "cairn-sign-in-callback");
              t.setDaemon(true);
              return t;
            });
    LoopbackReceiver receiver = new LoopbackReceiver(server, executor, path, expectedState);
    server.createContext("/", receiver::handle);
    server.setExecutor(executor);
    server.start();
    return receiver;
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public URI redirectUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /**
   * Waits for the authorization response.
   *
   * @throws TimeoutException when none arrived within {@code timeout}
   */
  public Outcome await(Duration timeout) throws TimeoutException, InterruptedException {
    try {
      return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(path)
          || !exchange.getRequestMethod().equals("GET")) {
        respond(exchange, 404, "Not found", "This address only takes the sign-in redirect.");
        return;
      }
      if (outcome.isDone()) {
        respond(exchange, 409, "Sign-in over", "This sign-in has finished; close this window.");
        return;
      }
      Outcome judged = judge(query(exchange.getRequestURI().getRawQuery()));
      if (judged instanceof Failure f) {
        respond(exchange, 400, "Sign-in failed", f.reason());
      } else {
        respond(exchange, 200, "Signed in", "You are signed in; close this window and go back.");
      }
      outcome.complete(judged);
    }
  }

  private Outcome judge(Map<String, String> params) {
    String state = params.get("state");
    if (state == null || !state.equals(expectedState)) {
      return new Failure(
          "the sign-in redirect to "
              + redirectUri()
              + (state == null ? " carried no state" : " carried another state")
              + " than this sign-in sent, so it was not started here (a stale browser tab or a"
              + " forged request); nothing was signed in — sign in again");
    }
    if (params.containsKey("error")) {
      String description = params.get("error_description");
      return new Failure(
          "Keycloak refused the sign-in: "
              + params.get("error")
              + (description == null ? "" : " (" + description + ")"));
    }
    String code = params.get("code");
    if (code == null || code.isBlank()) {
      return new Failure(
          "the sign-in redirect to " + redirectUri() + " carried neither a code nor an error");
    }
    return new Code(code);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.putIfAbsent(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  private static void respond(HttpExchange exchange, int status, String title, String text)
      throws IOException {
    byte[] body =
        ("<!doctype html><html><head><meta charset=\"utf-8\"><title>"
                + escape(title)
                + "</title></head><body><h1>"
                + escape(title)
                + "</h1><p>"
                + escape(text)
                + "</p></body></html>")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
