package dev.cairn.server.data;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import java.util.function.Function;
import org.bson.Document;

/**
 * Runs a unit of writes in one transaction where the deployment supports them (replica set or
 * sharded cluster with sessions), and otherwise one write after the other with a {@code null}
 * session (the embedded stand-in, a standalone {@code mongod}). Support is detected once, when this
 * object is made.
 */
public final class Transactions {
  private final MongoClient client;
  private final boolean supported;

  private Transactions(MongoClient client, boolean supported) {
    this.client = client;
    this.supported = supported;
  }

  /** Pings the deployment and reads its topology to decide whether transactions are available. */
  public static Transactions detect(MongoClient client) {
    client.getDatabase("admin").runCommand(new Document("ping", 1));
    ClusterDescription cluster = client.getClusterDescription();
    boolean topology =
        cluster.getType() == ClusterType.REPLICA_SET || cluster.getType() == ClusterType.SHARDED;
    return new Transactions(client, topology && cluster.getLogicalSessionTimeoutMinutes() != null);
  }

  public boolean supported() {
    return supported;
  }

  /**
   * Runs {@code work} inside a transaction (committed when it returns, aborted when it throws), or
   * directly with a {@code null} session when transactions are not supported.
   */
  public <T> T run(Function<ClientSession, T> work) {
    if (!supported) {
      return work.apply(null);
    }
    try (ClientSession session = client.startSession()) {
      return session.withTransaction(() -> work.apply(session));
    }
  }
}
