package dev.cairn.launcher.examples;

import dev.cairn.launcher.PrivateFile;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads the example tenants ({@code tenants/examples/*}) into a running Cairn, as the console's
 * demo user: signs each one up, publishes its schema, applies its conflict settings, creates its
 * demo app users in the tenant's realm and, for a tenant that allows API keys, creates one key and
 * keeps its plaintext in an owner-only file. Idempotent: a tenant is loaded once; later starts find
 * it listed and its {@value #LOADED} marker present, and do nothing but one listing call. A tenant
 * whose load was cut off is completed on the next start (each step checks before it acts).
 */
public final class ExampleTenants {
  static final String LOADED = "loaded";

  /** Marks an example whose {@code flags.yaml} was applied (or found applied). */
  static final String FLAGS_APPLIED = "flags-applied";

  static final String API_KEY = "api-key";

  private final JsonHttp http = new JsonHttp();
  private final Endpoints endpoints;
  private final Path stateDir;

  /**
   * Where the loader talks to.
   *
   * @param cairnUrl e.g. {@code http://localhost:8080}
   * @param keycloakUrl e.g. {@code http://localhost:8180}
   * @param keycloakAdminUser an admin of Keycloak's master realm
   * @param keycloakAdminPassword that admin's password
   * @param consoleUser a user of the {@code cairn-console} realm (the demo user)
   * @param consolePassword that user's password
   */
  public record Endpoints(
      String cairnUrl,
      String keycloakUrl,
      String keycloakAdminUser,
      String keycloakAdminPassword,
      String consoleUser,
      String consolePassword) {}

  /**
   * What a start found or did for one example.
   *
   * @param descriptor the example's descriptor
   * @param created true if this start loaded it (or completed it), false if it was there already
   * @param apiKeyFile the owner-only file holding its API key, when the tenant allows keys
   * @param notLoadedBecause why the example was left out (its slug belongs to someone else), or
   *     null
   */
  public record Loaded(
      TenantDescriptor descriptor, boolean created, Path apiKeyFile, String notLoadedBecause) {}

  /** An example that cannot be loaded whatever is retried. */
  private static final class NotLoadable extends RuntimeException {
    NotLoadable(String message) {
      super(message);
    }
  }

  /**
   * @param endpoints where Cairn and Keycloak are
   * @param stateDir where markers and API keys are kept (one folder per tenant), e.g. {@code <data
   *     dir>/examples}
   */
  public ExampleTenants(Endpoints endpoints, Path stateDir) {
    this.endpoints = endpoints;
    this.stateDir = stateDir;
  }

  /** Every folder under {@code examplesDir} that holds a {@code tenant.yaml}, read, by name. */
  public static List<TenantDescriptor> descriptors(Path examplesDir) throws IOException {
    List<TenantDescriptor> found = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(examplesDir)) {
      for (Path dir : dirs.sorted().toList()) {
        if (Files.isRegularFile(dir.resolve(TenantDescriptor.FILE))) {
          found.add(TenantDescriptor.read(dir));
        }
      }
    }
    return found;
  }

  /**
   * Loads each example that is not loaded yet. An example whose slug another console user holds is
   * left out and says so in its {@link Loaded}.
   *
   * @throws IllegalStateException naming the call and Cairn's answer when a step fails (steps done
   *     before stay done; the next start continues)
   */
  public List<Loaded> load(List<TenantDescriptor> examples) {
    Set<String> mine = myTenants(consoleToken());
    List<Loaded> result = new ArrayList<>();
    for (TenantDescriptor example : examples) {
      Path dir = stateDir.resolve(example.slug());
      Path keyFile = example.apiKeys() ? dir.resolve(API_KEY) : null;
      boolean done = mine.contains(example.slug()) && Files.exists(dir.resolve(LOADED));
      try {
        if (!done) {
          loadOne(example, mine.contains(example.slug()), dir);
        }
        if (example.flags().isPresent() && !Files.exists(dir.resolve(FLAGS_APPLIED))) {
          applyFlags(example, example.flags().get(), dir);
        }
        result.add(new Loaded(example, !done, keyFile, null));
      } catch (NotLoadable e) {
        result.add(new Loaded(example, false, null, e.getMessage()));
      }
    }
    return result;
  }

  private void loadOne(TenantDescriptor example, boolean exists, Path dir) {
    String token = consoleToken();
    String tenant = endpoints.cairnUrl() + "/api/admin/tenants/" + example.slug();
    if (!exists) {
      JsonHttp.Answer signup =
          http.send(
              "POST",
              endpoints.cairnUrl() + "/api/admin/tenants",
              token,
              "application/json",
              Json.createObjectBuilder()
                  .add("slug", example.slug())
                  .add("name", example.name())
                  .build()
                  .toString());
      if (signup.status() == 409) {
        throw new NotLoadable(
            "tenant `"
                + example.slug()
                + "` exists but the console user `"
                + endpoints.consoleUser()
                + "` is not a member of it; not loading this example");
      }
      signup.require();
    }
    if (http.send("GET", tenant + "/schemas/active", token, null, null).status() == 404) {
      http.send("POST", tenant + "/schemas", token, "text/plain", read(example.schema())).require();
    }
    if (example.conflictDefault().isPresent() || !example.conflictModels().isEmpty()) {
      http.send("PUT", tenant + "/conflicts", token, "application/json", conflicts(example))
          .require();
    }
    RealmUsers users =
        new RealmUsers(
            http,
            endpoints.keycloakUrl(),
            endpoints.keycloakAdminUser(),
            endpoints.keycloakAdminPassword());
    for (TenantDescriptor.DemoUser user : example.demoUsers()) {
      users.ensure(realmOf(example), user, example.slug() + ".example");
    }
    try {
      if (example.apiKeys() && !Files.exists(dir.resolve(API_KEY))) {
        JsonObject key =
            http.send(
                    "POST",
                    tenant + "/api-keys",
                    token,
                    "application/json",
                    "{\"description\":\"example key made by the run command\"}")
                .require()
                .json()
                .asJsonObject();
        PrivateFile.write(dir.resolve(API_KEY), key.getString("key") + "\n");
      }
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(LOADED), "loaded from " + example.schema().getParent() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write under " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Applies the example's {@code flags.yaml} once: only while the tenant's flags were never changed
   * (revision 0), so flags changed in the console are never overwritten; a marker file remembers
   * it.
   */
  private void applyFlags(TenantDescriptor example, Path flags, Path dir) {
    String token = consoleToken();
    String url = endpoints.cairnUrl() + "/api/admin/tenants/" + example.slug() + "/flags";
    JsonObject current = http.send("GET", url, token, null, null).require().json().asJsonObject();
    if (current.getJsonNumber("revision").longValue() == 0) {
      http.send("PUT", url, token, "application/yaml", read(flags)).require();
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(FLAGS_APPLIED), "flags applied from " + flags + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write under " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The Keycloak realm Cairn provisions for a tenant. */
  public static String realmOf(TenantDescriptor example) {
    return "cairn-t-" + example.slug();
  }

  private String consoleToken() {
    return http.passwordGrant(
        endpoints.keycloakUrl() + "/realms/cairn-console/protocol/openid-connect/token",
        "cairn-cli",
        endpoints.consoleUser(),
        endpoints.consolePassword());
  }

  private Set<String> myTenants(String token) {
    return http
        .send("GET", endpoints.cairnUrl() + "/api/admin/tenants", token, null, null)
        .require()
        .json()
        .asJsonArray()
        .getValuesAs(JsonValue::asJsonObject)
        .stream()
        .map(t -> t.getString("slug"))
        .collect(Collectors.toSet());
  }

  static String conflicts(TenantDescriptor example) {
    JsonObjectBuilder models = Json.createObjectBuilder();
    example.conflictModels().forEach(models::add);
    JsonObjectBuilder body = Json.createObjectBuilder().add("models", models);
    example.conflictDefault().ifPresent(d -> body.add("default", d));
    return body.build().toString();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
