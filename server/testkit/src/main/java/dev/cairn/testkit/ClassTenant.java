package dev.cairn.testkit;

import java.lang.reflect.Field;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A tenant signed up once for a test class on the server Arquillian deployed, with its schema, its
 * app users and, when asked for, its conflict strategies, its flags and an API key. Register it as
 * a static field after the class's {@code @ExtendWith({CairnStackExtension.class,
 * ArquillianExtension.class})}:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClassTenant TENANT =
 *     ClassTenant.signUp("auth-", SCHEMA).appUser("alice", "pw").appUser("bob", "pw");
 * }</pre>
 *
 * <p>Before the class's first test (after Arquillian injected the test's {@code @ArquillianResource
 * URL}, which gives the server's address), it signs the tenant up through the admin API with the
 * demo user's console token ({@link CairnHttp#signUp}), then applies the rest in this order:
 * conflict strategies, flags, API key, app users. Every later test of the class gets the same
 * tenant; the accessors fail until it is made. Thread-safe: tests of one class running at once make
 * it once.
 */
public final class ClassTenant implements BeforeEachCallback {
  /** An app user to create in the tenant's realm. */
  private record AppUser(String username, String password, String[] groups) {}

  /** What a set-up made. */
  private record Made(URI base, String slug, String consoleToken, String apiKey) {}

  private final String prefix;
  private final String schema;
  private String conflicts;
  private String flags;
  private boolean apiKey;
  private final List<AppUser> appUsers = new ArrayList<>();
  private final Map<String, String> appTokens = new LinkedHashMap<>();
  private Made made;

  private ClassTenant(String prefix, String schema) {
    this.prefix = prefix;
    this.schema = schema;
  }

  /** A tenant named {@code prefix} and a random suffix, with {@code schema} active. */
  public static ClassTenant signUp(String prefix, String schema) {
    return new ClassTenant(prefix, schema);
  }

  /**
   * Sets the tenant's conflict strategies: {@code json} is the body of {@code PUT .../conflicts}.
   */
  public ClassTenant conflicts(String json) {
    this.conflicts = json;
    return this;
  }

  /** Sets the tenant's flags: {@code yaml} is the body of {@code PUT .../flags}. */
  public ClassTenant flags(String yaml) {
    this.flags = yaml;
    return this;
  }

  /** Makes an API key of the tenant ({@link #apiKey()}). */
  public ClassTenant withApiKey() {
    this.apiKey = true;
    return this;
  }

  /** Creates an app user of the tenant (in its Keycloak realm) with {@code groups}. */
  public ClassTenant appUser(String username, String password, String... groups) {
    appUsers.add(new AppUser(username, password, groups));
    return this;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    URI base = arquillianBase(context.getRequiredTestInstance());
    synchronized (this) {
      if (made == null) {
        made = make(base);
      }
    }
  }

  private Made make(URI base) throws Exception {
    TestKeycloak keycloak = TestStack.get().keycloak();
    String console = keycloak.consoleToken();
    CairnHttp cairn = CairnHttp.at(base);
    String slug = cairn.signUp(console, prefix, schema);
    if (conflicts != null) {
      cairn.expect(200, "PUT", "api/admin/tenants/" + slug + "/conflicts", console, conflicts);
    }
    if (flags != null) {
      cairn.expect(200, "PUT", "api/admin/tenants/" + slug + "/flags", console, flags);
    }
    String key = apiKey ? cairn.apiKey(console, slug) : null;
    for (AppUser user : appUsers) {
      keycloak.createAppUser(slug, user.username(), user.password(), user.groups());
    }
    return new Made(base, slug, console, key);
  }

  /** The tenant's slug. */
  public String slug() {
    return made().slug();
  }

  /** The API key made at set-up; fails unless {@link #withApiKey()} asked for one. */
  public String apiKey() {
    String key = made().apiKey();
    if (key == null) {
      throw new IllegalStateException("no API key: register the tenant with withApiKey()");
    }
    return key;
  }

  /** The console (demo user's) access token the tenant was made with. */
  public String consoleToken() {
    return made().consoleToken();
  }

  /** The server the tenant lives on ({@code http://host:port/}). */
  public URI base() {
    return made().base();
  }

  /**
   * An access token of app user {@code username} (one of {@link #appUser}), fetched from Keycloak
   * the first time it is asked for and the same for the rest of the class.
   */
  public synchronized String appToken(String username) {
    String slug = slug();
    return appTokens.computeIfAbsent(
        username,
        name -> {
          AppUser user =
              appUsers.stream()
                  .filter(u -> u.username().equals(name))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "no app user " + name + " in " + slug + ": add it with appUser()"));
          return TestStack.get().keycloak().appToken(slug, name, user.password());
        });
  }

  private synchronized Made made() {
    if (made == null) {
      throw new IllegalStateException(
          "the tenant is made before each test: use it from a test or @BeforeEach method");
    }
    return made;
  }

  /** The base URL of the test instance's {@code @ArquillianResource URL} field. */
  private static URI arquillianBase(Object test) throws IllegalAccessException {
    for (Class<?> type = test.getClass(); type != null; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (field.getType() == URL.class && field.isAnnotationPresent(ArquillianResource.class)) {
          field.setAccessible(true);
          Object url = field.get(test);
          if (url == null) {
            throw new IllegalStateException(
                field
                    + " is not injected yet: register ClassTenant after ArquillianExtension, as a"
                    + " static @RegisterExtension field");
          }
          return URI.create(url.toString());
        }
      }
    }
    throw new IllegalStateException(
        test.getClass().getName()
            + " has no @ArquillianResource URL field: ClassTenant makes its tenant on that server");
  }
}
