package dev.cairn.server.api;

import dev.cairn.testkit.TestStack;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configuration of Cairn nodes that share one PostgreSQL control plane, for multi-node ITs. */
final class PostgresNodes {
  private PostgresNodes() {}

  /**
   * The configuration of a node named {@code nodeId} of the test stack whose control plane is
   * {@code postgres}, with its data directory under {@code dir}.
   */
  static Map<String, String> onPostgres(EmbeddedPostgres postgres, Path dir, String nodeId) {
    Map<String, String> config = new LinkedHashMap<>(TestStack.get().serverConfig());
    config.put("cairn.data.dir", dir.resolve(nodeId).toString());
    config.put("cairn.db.url", postgres.getJdbcUrl("postgres", "postgres"));
    config.put("cairn.db.user", "postgres");
    config.put("cairn.db.password", "postgres");
    config.put("cairn.node.id", nodeId);
    return config;
  }
}
