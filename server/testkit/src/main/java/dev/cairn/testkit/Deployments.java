package dev.cairn.testkit;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Test deployments made from the real WARs, pointed at the run's {@link TestStack}. */
public final class Deployments {
  private Deployments() {}

  /** The server WAR the build made ({@code server/target/cairn-server.war}), from any module. */
  public static Path serverWar() {
    return KitProperties.path("server.war");
  }

  /** The server WAR configured for the run's {@link TestStack} (a fresh data directory). */
  public static WebArchive server() {
    return server(TestStack.get().serverConfig());
  }

  /** The server WAR with {@code config} (usually {@link TestStack#serverConfig()} and changes). */
  public static WebArchive server(Map<String, String> config) {
    return configure(ShrinkWrap.createFromZipFile(WebArchive.class, serverWar().toFile()), config);
  }

  /**
   * Adds a jar whose {@code META-INF/microprofile-config.properties} (ordinal 500, above the WAR's
   * own defaults and below system properties) carries {@code config}.
   */
  public static WebArchive configure(WebArchive war, Map<String, String> config) {
    String properties =
        "config_ordinal=500\n"
            + config.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
    JavaArchive configJar =
        ShrinkWrap.create(JavaArchive.class, "cairn-test-config.jar")
            .addAsManifestResource(new StringAsset(properties), "microprofile-config.properties");
    return war.addAsLibrary(configJar);
  }
}
