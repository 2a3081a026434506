package dev.cairn.client;

import dev.cairn.client.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One real Amplify DataStore JS client in a Node process, the one the server's ITs drive: {@code
 * server/src/test/amplify/client.js} (aws-amplify as pinned in its package-lock.json; the protocol
 * is described in that folder's README). Commands go to its stdin as JSON lines; its events are
 * kept in order so that a test waits for the first matching event after a point it marked. Every
 * wait is bounded and a timeout shows the client's recent events and stderr.
 */
final class AmplifyClient implements AutoCloseable {
  static final Path FOLDER = Path.of("../../server/src/test/amplify").toAbsolutePath().normalize();
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
  private static boolean installed;

  private final String name;
  private final Process process;
  private final Writer stdin;
  private final List<Map<String, Object>> events = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();
  private int seq;

  private AmplifyClient(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = process.outputWriter(StandardCharsets.UTF_8);
    Thread out = new Thread(this::readEvents, "amplify-" + name + "-stdout");
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(this::readStderr, "amplify-" + name + "-stderr");
    err.setDaemon(true);
    err.start();
  }

  /** A client with an API key that syncs the model {@code Post} only; idle until {@link #start}. */
  static AmplifyClient withApiKey(String name, String endpoint, String apiKey) {
    installPackages();
    ProcessBuilder builder = new ProcessBuilder("node", "client.js").directory(FOLDER.toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "CAIRN_ENDPOINT",
                endpoint,
                "CAIRN_AUTH",
                "API_KEY",
                "CAIRN_API_KEY",
                apiKey,
                "CAIRN_MODELS",
                "Post"));
    try {
      AmplifyClient client = new AmplifyClient(name, builder.start());
      client.awaitEvent(0, e -> is(e, "loaded"), Duration.ofSeconds(60), "Amplify loaded");
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not run `node` (Node 20 must be on the PATH for the Amplify client IT)", e);
    }
  }

  /**
   * Runs {@code npm ci} in {@link #FOLDER} once per JVM when node_modules is missing or older than
   * package-lock.json (as the server's AmplifyDataStoreIT does for the same folder).
   */
  static synchronized void installPackages() {
    if (installed) {
      return;
    }
    try {
      Path marker = FOLDER.resolve("node_modules/.package-lock.json");
      Path lock = FOLDER.resolve("package-lock.json");
      if (!Files.exists(marker)
          || Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) < 0) {
        Process npm =
            new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(FOLDER.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
          throw new IllegalStateException("`npm ci` failed in " + FOLDER + ":\n" + output);
        }
      }
      installed = true;
    } catch (IOException e) {
      throw new UncheckedIOException("could not run `npm ci` in " + FOLDER, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts DataStore; in Node it resolves once the first sync round is done. */
  void start() {
    command("start", Map.of());
  }

  /** The local Posts, as plain JSON objects (with {@code _version}). */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> all() {
    return (List<Map<String, Object>>) command("all", Map.of()).get("value");
  }

  /** Saves a new Post; DataStore makes its id. Returns the saved record. */
  @SuppressWarnings("unchecked")
  Map<String, Object> create(Map<String, Object> fields) {
    return (Map<String, Object>) command("create", Map.of("fields", fields)).get("value");
  }

  void update(String id, Map<String, Object> fields) {
    command("update", Map.of("id", id, "fields", fields));
  }

  void delete(String id) {
    command("delete", Map.of("id", id));
  }

  /** The browser goes offline: DataStore stops syncing, saves go to its outbox. */
  void offline() {
    command("offline", Map.of());
  }

  void online() {
    command("online", Map.of());
  }

  /** The position after the last event so far: {@link #awaitEvent} looks only at later ones. */
  int mark() {
    synchronized (events) {
      return events.size();
    }
  }

  /**
   * The first event at or after {@code from} matching {@code match}, waiting up to {@code timeout}.
   */
  Map<String, Object> awaitEvent(
      int from, Predicate<Map<String, Object>> match, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (events) {
      int next = from;
      while (true) {
        for (; next < events.size(); next++) {
          if (match.test(events.get(next))) {
            return events.get(next);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive() && next >= events.size()) {
          throw new AssertionError(
              "Amplify client "
                  + name
                  + " did not report "
                  + what
                  + " within "
                  + timeout
                  + (process.isAlive() ? "" : " (its process exited)")
                  + "\nlast events:\n"
                  + recentEvents()
                  + "\nstderr (tail):\n"
                  + stderrTail());
        }
        try {
          events.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** Every event so far that matches, in order. */
  List<Map<String, Object>> events(Predicate<Map<String, Object>> match) {
    synchronized (events) {
      return events.stream().filter(match).collect(Collectors.toList());
    }
  }

  static boolean is(Map<String, Object> event, String type) {
    return type.equals(event.get("event"));
  }

  /** A DataStore Hub event named {@code name}. */
  static boolean isHub(Map<String, Object> event, String name) {
    return is(event, "hub") && name.equals(event.get("name"));
  }

  private Map<String, Object> command(String cmd, Map<String, Object> args) {
    int number;
    int from;
    synchronized (events) {
      number = ++seq;
      from = events.size();
    }
    Map<String, Object> line = new LinkedHashMap<>(args);
    line.put("cmd", cmd);
    line.put("seq", number);
    try {
      stdin.write(Json.write(line) + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Amplify client " + name + " is gone:\n" + stderrTail(), e);
    }
    Map<String, Object> answer =
        awaitEvent(
            from,
            e ->
                (is(e, "result") || is(e, "failed"))
                    && e.get("seq") instanceof Number n
                    && n.intValue() == number,
            COMMAND_TIMEOUT,
            "the answer to " + cmd);
    if (is(answer, "failed")) {
      throw new AssertionError("Amplify client " + name + ": " + cmd + " failed: " + answer);
    }
    return answer;
  }

  private void readEvents() {
    try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
      for (String line; (line = out.readLine()) != null; ) {
        if (!line.startsWith("{\"event\"")) {
          synchronized (stderr) {
            stderr.append("[stdout] ").append(line).append('\n');
          }
          continue;
        }
        Map<String, Object> event = Json.parseObject(line);
        synchronized (events) {
          events.add(event);
          events.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process ended; waiters see that through isAlive()
    } finally {
      synchronized (events) {
        events.notifyAll();
      }
    }
  }

  private void readStderr() {
    try (BufferedReader err = process.errorReader(StandardCharsets.UTF_8)) {
      for (String line; (line = err.readLine()) != null; ) {
        synchronized (stderr) {
          stderr.append(line).append('\n');
          if (stderr.length() > 200_000) {
            stderr.delete(0, stderr.length() - 100_000);
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private String recentEvents() {
    synchronized (events) {
      return events.subList(Math.max(0, events.size() - 25), events.size()).stream()
          .map(
              e -> {
                String s = Json.write(e);
                return s.length() > 400 ? s.substring(0, 400) + "…" : s;
              })
          .collect(Collectors.joining("\n"));
    }
  }

  private String stderrTail() {
    synchronized (stderr) {
      return stderr.substring(Math.max(0, stderr.length() - 4000));
    }
  }

  @Override
  public String toString() {
    return "Amplify client " + name;
  }

  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
