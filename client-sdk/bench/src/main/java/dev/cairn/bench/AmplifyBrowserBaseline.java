package dev.cairn.bench;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.testkit.HeadlessChromium;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The real Amplify DataStore JS client's base sync as a web app runs it, {@link SdkBench}'s
 * faithful baseline: {@code client-sdk/bench/amplify/datastore-browser.js} bundled by esbuild
 * ({@link AmplifyPackages}), served with a blank page by a local HTTP server on another origin than
 * Cairn's (so the browser sends CORS preflights, as for any web app), run by a real headless
 * Chromium ({@link HeadlessChromium}, fresh profile: an empty IndexedDB) where DataStore persists
 * into IndexedDB. The time is the page's own, from {@code DataStore.start()} to the {@code ready}
 * hub event; the records are then counted through DataStore and in its IndexedDB store directly.
 * Client CPU is that of the Chromium and chromedriver processes over the run.
 */
final class AmplifyBrowserBaseline {
  private static final Pattern READY = Pattern.compile("\"readyMs\":([0-9.]+)");
  private static final Pattern LOCAL = Pattern.compile("\"local\":([0-9]+)");
  private static final Pattern STORED = Pattern.compile("\"count\":(-?[0-9]+)");
  private static final Pattern HEAP = Pattern.compile("\"heapUsed\":([0-9]+)");
  private static final Duration DEADLINE = Duration.ofMinutes(30);

  private AmplifyBrowserBaseline() {}

  /**
   * Runs one browser client to {@code ready}; {@code dir} gets the bundle, the page and {@code
   * browser.log} (errors the page collected).
   */
  static AmplifyBaseline.Result baseSync(URI graphql, String apiKey, int pageSize, Path dir)
      throws Exception {
    Files.createDirectories(dir);
    Path bundle = dir.resolve("bench.js");
    AmplifyPackages.bundleBrowserClient(bundle);
    byte[] page =
        "<!doctype html><meta charset=utf-8><title>Amplify DataStore base sync</title><script src=bench.js></script>"
            .getBytes(StandardCharsets.UTF_8);
    byte[] script = Files.readAllBytes(bundle);
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext(
        "/",
        exchange -> {
          boolean js = exchange.getRequestURI().getPath().endsWith("/bench.js");
          byte[] body = js ? script : page;
          exchange
              .getResponseHeaders()
              .set("Content-Type", js ? "text/javascript" : "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    app.start();
    WebDriver browser = HeadlessChromium.start();
    try {
      String url =
          "http://127.0.0.1:"
              + app.getAddress().getPort()
              + "/?endpoint="
              + URLEncoder.encode(graphql.toString(), StandardCharsets.UTF_8)
              + "&apiKey="
              + URLEncoder.encode(apiKey, StandardCharsets.UTF_8)
              + "&pageSize="
              + pageSize;
      long cpuBefore = browserCpuNanos();
      browser.get(url);
      JavascriptExecutor js = (JavascriptExecutor) browser;
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      String line = null;
      while (line == null && System.nanoTime() < deadline) {
        Thread.sleep(500); // polling the page; the figure is timed inside it
        line =
            (String)
                js.executeScript(
                    "return window.benchResult ? JSON.stringify(window.benchResult) : null");
      }
      long cpu = browserCpuNanos() - cpuBefore;
      Object errors = js.executeScript("return JSON.stringify(window.benchErrors || [])");
      Files.writeString(dir.resolve("browser.log"), line + "\nerrors: " + errors + "\n");
      if (line == null || line.contains("\"failed\":true")) {
        throw new IllegalStateException(
            "the Amplify client in Chromium was not ready within "
                + DEADLINE
                + " or failed: "
                + line
                + "; errors: "
                + errors);
      }
      long local = Long.parseLong(group(LOCAL, line));
      long stored = Long.parseLong(group(STORED, line));
      if (stored != local) {
        throw new IllegalStateException(
            "DataStore reports "
                + local
                + " Posts but its IndexedDB store holds "
                + stored
                + ": "
                + line);
      }
      Matcher heap = HEAP.matcher(line);
      return new AmplifyBaseline.Result(
          Double.parseDouble(group(READY, line)),
          local,
          heap.find() ? Long.parseLong(heap.group(1)) : -1,
          -1,
          cpu / 1000.0,
          line);
    } finally {
      browser.quit();
      app.stop(0);
    }
  }

  /** CPU time of this JVM's chromedriver and Chromium descendants (browser, renderer, GPU...). */
  private static long browserCpuNanos() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().command().map(c -> c.contains("chrom")).orElse(false))
        .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
        .sum();
  }

  private static String group(Pattern p, String line) {
    Matcher m = p.matcher(line);
    if (!m.find()) {
      throw new IllegalStateException("no " + p + " in " + line);
    }
    return m.group(1);
  }
}
