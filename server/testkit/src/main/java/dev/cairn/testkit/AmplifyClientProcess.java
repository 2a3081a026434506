package dev.cairn.testkit;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One real Amplify DataStore JS client ({@code server/src/test/amplify/client.js}, aws-amplify as
 * pinned in its package-lock.json; the protocol is described in that folder's README) in its own
 * Node process, the one driver of it for the server's and the SDK's ITs: commands go to its stdin
 * as JSON lines, and every event it prints is kept in order so that a test can wait for the first
 * matching event after a point it marked. Waits are bounded; a timeout names what was awaited and
 * shows the client's recent events and stderr.
 */
public final class AmplifyClientProcess implements AutoCloseable {
  /** The folder of the Node client and its pinned packages. */
  public static final Path FOLDER = KitProperties.path("amplify.client.dir");

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
  private static boolean installed;

  private final String name;
  private final Process process;
  private final Writer stdin;
  private final List<JsonObject> events = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();
  private int seq;

  private AmplifyClientProcess(String name, Process process) {
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

  /**
   * The models an API key may read (public rules) in the server ITs' schema, which an API key
   * client syncs unless told otherwise.
   */
  public static final String PUBLIC_MODELS = "Post,Country,City";

  /** A client with an API key that syncs {@link #PUBLIC_MODELS}; idle until {@link #start()}. */
  public static AmplifyClientProcess withApiKey(String name, String endpoint, String apiKey) {
    return withApiKey(name, endpoint, apiKey, PUBLIC_MODELS);
  }

  /**
   * A client with an API key that syncs {@code models} (comma-separated names); idle until {@link
   * #start()}.
   */
  public static AmplifyClientProcess withApiKey(
      String name, String endpoint, String apiKey, String models) {
    return launch(
        name,
        Map.of(
            "CAIRN_ENDPOINT",
            endpoint,
            "CAIRN_AUTH",
            "API_KEY",
            "CAIRN_API_KEY",
            apiKey,
            "CAIRN_MODELS",
            models));
  }

  /** A client signed in with an OIDC access token (Amplify's custom token provider). */
  public static AmplifyClientProcess withToken(String name, String endpoint, String jwt) {
    return launch(
        name,
        Map.of("CAIRN_ENDPOINT", endpoint, "CAIRN_AUTH", "OPENID_CONNECT", "CAIRN_TOKEN", jwt));
  }

  private static AmplifyClientProcess launch(String name, Map<String, String> env) {
    installPackages();
    ProcessBuilder builder = new ProcessBuilder("node", "client.js").directory(FOLDER.toFile());
    builder.environment().putAll(env);
    try {
      AmplifyClientProcess client = new AmplifyClientProcess(name, builder.start());
      client.awaitEvent(0, e -> is(e, "loaded"), Duration.ofSeconds(60), "Amplify loaded");
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not run `node` (Node 20 must be on the PATH for the Amplify client IT)", e);
    }
  }

  /**
   * Runs {@code npm ci} in {@link #FOLDER} once per JVM when node_modules is missing or older than
   * package-lock.json, so that a fresh clone's {@code mvn verify} installs the pinned client.
   */
  public static synchronized void installPackages() {
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
          throw new IllegalStateException(
              "`npm ci` failed in " + FOLDER + "; the Amplify client IT needs it:\n" + output);
        }
      }
      installed = true;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not run `npm ci` in "
              + FOLDER
              + ": install Node 20 with npm (e.g. apt-get install nodejs npm) to run the Amplify"
              + " client IT",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts DataStore (in Node it resolves once the first sync round is done) and observe(Post). */
  public JsonObject start() {
    return command("start", Json.createObjectBuilder().build());
  }

  public JsonArray all() {
    return commandValue("all", Json.createObjectBuilder().build()).asJsonArray();
  }

  public JsonValue get(String id) {
    return commandValue("get", Json.createObjectBuilder().add("id", id).build());
  }

  public JsonObject create(JsonObject fields) {
    return commandValue("create", Json.createObjectBuilder().add("fields", fields).build())
        .asJsonObject();
  }

  /**
   * Saves a new record of {@code model}, with its {@code @belongsTo} field {@code parentField} set
   * to the local record of {@code parentModel} keyed {@code parentKey} (an id or a key object), as
   * an app does.
   */
  public JsonObject createChild(
      String model,
      JsonObject fields,
      String parentField,
      String parentModel,
      JsonValue parentKey) {
    return commandValue(
            "create",
            Json.createObjectBuilder()
                .add("model", model)
                .add("fields", fields)
                .add(
                    "parents",
                    Json.createObjectBuilder()
                        .add(
                            parentField,
                            Json.createObjectBuilder()
                                .add("model", parentModel)
                                .add("id", parentKey)))
                .build())
        .asJsonObject();
  }

  /** The local record of {@code model} keyed {@code key} (an id or a key object), or null. */
  public JsonValue get(String model, JsonValue key) {
    return commandValue(
        "get", Json.createObjectBuilder().add("model", model).add("id", key).build());
  }

  public JsonObject update(String id, JsonObject fields) {
    return commandValue(
            "update", Json.createObjectBuilder().add("id", id).add("fields", fields).build())
        .asJsonObject();
  }

  public JsonObject delete(String id) {
    return commandValue("delete", Json.createObjectBuilder().add("id", id).build()).asJsonObject();
  }

  public void offline() {
    command("offline", Json.createObjectBuilder().build());
  }

  public void online() {
    command("online", Json.createObjectBuilder().build());
  }

  /** Kills every socket of the client and refuses new ones for {@code down}; returns how many. */
  public int dropSockets(Duration down) {
    return commandValue(
            "dropSockets", Json.createObjectBuilder().add("downMs", down.toMillis()).build())
        .asJsonObject()
        .getInt("dropped");
  }

  /** The position after the last event so far: {@link #awaitEvent} looks only at later ones. */
  public int mark() {
    synchronized (events) {
      return events.size();
    }
  }

  /**
   * The first event at or after {@code from} matching {@code match}, waiting up to {@code timeout}.
   */
  public JsonObject awaitEvent(
      int from, Predicate<JsonObject> match, Duration timeout, String what) {
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
  public List<JsonObject> events(Predicate<JsonObject> match) {
    synchronized (events) {
      return events.stream().filter(match).collect(Collectors.toList());
    }
  }

  public static boolean is(JsonObject event, String type) {
    return type.equals(event.getString("event", ""));
  }

  public static boolean isHub(JsonObject event, String name) {
    return is(event, "hub") && name.equals(event.getString("name", ""));
  }

  /**
   * An {@code observe()} message of {@code opType} (INSERT, UPDATE, DELETE) whose record matches.
   */
  public static boolean observed(JsonObject event, String opType, Predicate<JsonObject> element) {
    return is(event, "observed")
        && opType.equals(event.getString("opType", ""))
        && event.get("element") instanceof JsonObject record
        && element.test(record);
  }

  public static boolean observed(JsonObject event, String id) {
    return is(event, "observed")
        && event.get("element") instanceof JsonObject element
        && id.equals(element.getString("id", ""));
  }

  private JsonObject command(String cmd, JsonObject args) {
    int number;
    int from;
    synchronized (events) {
      number = ++seq;
      from = events.size();
    }
    String line =
        Json.createObjectBuilder(args).add("cmd", cmd).add("seq", number).build().toString();
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Amplify client " + name + " is gone:\n" + stderrTail(), e);
    }
    JsonObject answer =
        awaitEvent(
            from,
            e -> (is(e, "result") || is(e, "failed")) && e.getInt("seq", -1) == number,
            COMMAND_TIMEOUT,
            "the answer to " + cmd);
    if (is(answer, "failed")) {
      throw new AssertionError(
          "Amplify client " + name + ": " + cmd + " failed: " + answer.getString("message"));
    }
    return answer;
  }

  private JsonValue commandValue(String cmd, JsonObject args) {
    return command(cmd, args).get("value");
  }

  private void readEvents() {
    try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
      String line;
      while ((line = out.readLine()) != null) {
        if (!line.startsWith("{\"event\"")) {
          synchronized (stderr) {
            stderr.append("[stdout] ").append(line).append('\n');
          }
          continue;
        }
        JsonObject event = Json.createReader(new StringReader(line)).readObject();
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
      String line;
      while ((line = err.readLine()) != null) {
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
                String s = e.toString();
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
