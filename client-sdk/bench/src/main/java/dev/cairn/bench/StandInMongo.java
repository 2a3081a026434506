package dev.cairn.bench;

import dev.cairn.launcher.EmbeddedMongo;
import java.util.Optional;

/**
 * The embedded MongoDB stand-in in a JVM of its own (a main, started by {@link SyncBench}), as the
 * launcher runs it beside Payara and as a real {@code mongod} runs: in the benchmark's own JVM its
 * in-memory data shares a heap, and collection pauses, with the load generator. Prints {@code mongo
 * ready <connection string>} and runs until its standard input closes.
 */
public final class StandInMongo {
  private StandInMongo() {}

  public static void main(String[] args) throws Exception {
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.empty())) {
      System.out.println("mongo ready " + mongo.connectionString());
      while (System.in.read() >= 0) {
        // runs until the benchmark closes this process's standard input (or ends it)
      }
    }
  }
}
