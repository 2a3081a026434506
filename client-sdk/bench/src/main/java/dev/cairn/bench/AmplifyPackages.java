package dev.cairn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm packages of {@link SdkBench}'s Amplify baselines, in {@code client-sdk/bench/amplify}:
 * aws-amplify and @aws-amplify/datastore at the versions (and with the lock) of the server's {@code
 * AmplifyDataStoreIT} ({@code server/src/test/amplify}), plus esbuild to bundle the browser client.
 * Installed with {@code npm ci} when {@code node_modules} is missing or older than the lock, as the
 * server's harness does.
 */
final class AmplifyPackages {
  static final Path DIR = Path.of("client-sdk/bench/amplify");

  private AmplifyPackages() {}

  static Path nodeModules() throws IOException, InterruptedException {
    Path marker = DIR.resolve("node_modules/.package-lock.json");
    Path lock = DIR.resolve("package-lock.json");
    if (!Files.exists(marker)
        || Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) < 0) {
      System.out.println("npm ci in " + DIR + "...");
      run(List.of("npm", "ci", "--no-audit", "--no-fund"), "npm ci");
    }
    return DIR.resolve("node_modules").toAbsolutePath();
  }

  /**
   * Bundles {@code datastore-browser.js} with everything it imports into one minified script for
   * the browser, as an app's build would.
   */
  static void bundleBrowserClient(Path outFile) throws IOException, InterruptedException {
    nodeModules();
    run(
        List.of(
            DIR.resolve("node_modules/.bin/esbuild").toAbsolutePath().toString(),
            "datastore-browser.js",
            "--bundle",
            "--minify",
            "--format=iife",
            "--platform=browser",
            "--define:process.env.NODE_ENV=\"production\"",
            "--define:global=globalThis",
            "--log-level=warning",
            "--outfile=" + outFile.toAbsolutePath()),
        "esbuild");
  }

  private static void run(List<String> command, String what)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("`" + what + "` failed in " + DIR + ":\n" + output);
    }
  }
}
