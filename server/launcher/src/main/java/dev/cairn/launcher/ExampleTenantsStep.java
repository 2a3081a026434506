package dev.cairn.launcher;

import dev.cairn.launcher.examples.ExampleTenants;
import dev.cairn.launcher.examples.TenantDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The launcher's step that loads {@code tenants/examples} into the embedded stack (see {@link
 * ExampleTenants}) and describes for the banner how to use them. A failure is reported, not fatal:
 * Cairn stays up without the examples, and the next start tries again.
 */
final class ExampleTenantsStep {
  private static final Duration RETRY_FOR = Duration.ofSeconds(30);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private ExampleTenantsStep() {}

  /** Loads the examples and answers the banner's lines about them. */
  static String run(LauncherSettings settings, KeycloakServer keycloak, Path data) {
    Path examplesDir = settings.repo().resolve("tenants/examples");
    try {
      List<TenantDescriptor> examples = ExampleTenants.descriptors(examplesDir);
      ExampleTenants loader =
          new ExampleTenants(
              new ExampleTenants.Endpoints(
                  "http://localhost:" + settings.httpPort(),
                  keycloak.url().toString(),
                  keycloak.adminUser(),
                  keycloak.adminPassword(),
                  "demo",
                  "demo"),
              data.resolve("examples"));
      return banner(loadRetrying(loader, examples), keycloak.url().toString(), settings.httpPort());
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "Example tenants were not (all) loaded: "
              + e.getMessage()
              + "\n  Cairn runs without them; the next start tries again.");
      return "";
    }
  }

  /**
   * Every step of the load checks before it acts, so a load that failed (for example on a 404 while
   * Payara still settles after deploying) is simply repeated, for up to {@link #RETRY_FOR}.
   */
  private static List<ExampleTenants.Loaded> loadRetrying(
      ExampleTenants loader, List<TenantDescriptor> examples) {
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    while (true) {
      try {
        return loader.load(examples);
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(RETRY_PAUSE.toMillis()); // polling another process: nothing to wait on
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  static String banner(List<ExampleTenants.Loaded> loaded, String keycloakUrl, int httpPort) {
    if (loaded.isEmpty()) {
      return "";
    }
    StringBuilder out =
        new StringBuilder("Example tenants (owned by demo; app users' password = name)\n");
    for (ExampleTenants.Loaded l : loaded) {
      TenantDescriptor t = l.descriptor();
      if (l.notLoadedBecause() != null) {
        out.append(String.format("  %-11s not loaded: %s%n", t.slug(), l.notLoadedBecause()));
        continue;
      }
      out.append(
          String.format(
              "  %-11s %s  users: %s%s%s%n",
              t.slug(),
              "http://localhost:" + httpPort + "/t/" + t.slug() + "/graphql",
              String.join(
                  ", ",
                  t.demoUsers().stream()
                      .map(
                          u ->
                              u.groups().isEmpty() ? u.username() : u.username() + " " + u.groups())
                      .toList()),
              l.apiKeyFile() == null ? "" : "  API key: " + l.apiKeyFile(),
              l.created() ? "  (loaded now)" : ""));
    }
    loaded.stream()
        .filter(l -> l.apiKeyFile() != null)
        .findFirst()
        .ifPresent(
            l ->
                out.append(
                    String.format(
                        "  An API key (public rules only): -H \"x-api-key: $(cat %s)\"%n",
                        l.apiKeyFile())));
    loaded.stream()
        .filter(l -> l.notLoadedBecause() == null && !l.descriptor().demoUsers().isEmpty())
        .findFirst()
        .ifPresent(
            l -> {
              TenantDescriptor t = l.descriptor();
              TenantDescriptor.DemoUser u = t.demoUsers().get(0);
              out.append(
                  String.format(
                      "  An app user's token (raw JWT, as Amplify sends it in Authorization):%n"
                          + "    curl -s -d grant_type=password -d client_id=cairn-app -d username=%s"
                          + " -d password=%s \\%n      %s/realms/%s/protocol/openid-connect/token%n",
                      u.username(), u.password(), keycloakUrl, ExampleTenants.realmOf(t)));
            });
    return out.toString();
  }
}
