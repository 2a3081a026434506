package dev.cairn.bench;

import java.io.BufferedReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Amplify DataStore JS client's base sync in Node, one of {@link SdkBench}'s baselines
 * (the faithful one, in a browser, is {@link AmplifyBrowserBaseline}): runs {@code
 * client-sdk/bench/amplify/datastore-sync.js} with the Amplify packages the server's {@code
 * AmplifyDataStoreIT} pins ({@link AmplifyPackages}) and reads the one result line it prints when
 * DataStore is {@code ready}. In Node DataStore has no IndexedDB and keeps its records in memory.
 */
final class AmplifyBaseline {
  private static final Path SCRIPT = Path.of("client-sdk/bench/amplify/datastore-sync.js");
  private static final Pattern READY = Pattern.compile("\"readyMs\":([0-9.]+)");
  private static final Pattern LOCAL = Pattern.compile("\"local\":([0-9]+)");
  private static final Pattern HEAP = Pattern.compile("\"heapUsed\":([0-9]+)");
  private static final Pattern HEAP_EMPTY = Pattern.compile("\"heapEmpty\":([0-9]+)");
  private static final Pattern CPU = Pattern.compile("\"cpuMicros\":([0-9.]+)");

  /** What one Amplify client reported: ms from {@code DataStore.start()} to ready, local count. */
  record Result(
      double readyMs, long local, long heapUsed, long heapEmpty, double cpuMicros, String line) {}

  private AmplifyBaseline() {}

  static Result baseSync(URI graphql, String apiKey, int pageSize, Path log) throws Exception {
    Path nodeModules = AmplifyPackages.nodeModules();
    ProcessBuilder builder =
        new ProcessBuilder("node", "--expose-gc", SCRIPT.toAbsolutePath().toString())
            .redirectError(log.toFile());
    builder.environment().put("NODE_PATH", nodeModules.toString());
    builder.environment().put("CAIRN_ENDPOINT", graphql.toString());
    builder.environment().put("CAIRN_API_KEY", apiKey);
    builder.environment().put("SYNC_PAGE_SIZE", Integer.toString(pageSize));
    Process node = builder.start();
    try (BufferedReader out = node.inputReader(StandardCharsets.UTF_8)) {
      List<String> other = new ArrayList<>();
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("{\"result\"")) {
          node.waitFor(30, TimeUnit.SECONDS);
          return new Result(
              Double.parseDouble(group(READY, line)),
              Long.parseLong(group(LOCAL, line)),
              number(HEAP, line),
              number(HEAP_EMPTY, line),
              Double.parseDouble(group(CPU, line)),
              line);
        }
        other.add(line);
      }
      throw new IllegalStateException(
          "the Amplify client ended without a result; stdout: " + other + "; stderr in " + log);
    } finally {
      if (node.isAlive()) {
        node.destroyForcibly();
      }
    }
  }

  private static String group(Pattern p, String line) {
    Matcher m = p.matcher(line);
    if (!m.find()) {
      throw new IllegalStateException("no " + p + " in " + line);
    }
    return m.group(1);
  }

  private static long number(Pattern p, String line) {
    Matcher m = p.matcher(line);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }
}
