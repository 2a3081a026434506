package dev.cairn.client;

import dev.cairn.client.testmodel.Post;
import java.net.URI;
import java.nio.file.Path;

/**
 * A client in its own JVM, for the test that kills it with {@code kill -9}: queues {@code count}
 * posts offline, prints {@code SAVED}, starts syncing and prints {@code PROCESSED <id>} per
 * acknowledged mutation. Arguments: endpoint, API key, store file, id prefix, count.
 */
public final class OutboxChild {
  private OutboxChild() {}

  public static void main(String[] args) throws Exception {
    CairnClient client =
        CairnClient.builder()
            .endpoint(URI.create(args[0]))
            .auth(Auth.apiKey(args[1]))
            .models(Post.TYPE)
            .storeFile(Path.of(args[2]))
            .build();
    int count = Integer.parseInt(args[4]);
    for (int i = 0; i < count; i++) {
      client.save(new Post(args[3] + i, "queued " + i, i, null, null));
    }
    System.out.println("SAVED");
    System.out.flush();
    client.addEventListener(
        e -> {
          if (e instanceof CairnEvent.OutboxMutationProcessed p) {
            System.out.println("PROCESSED " + p.id());
            System.out.flush();
          }
        });
    client.start();
    Thread.currentThread().join();
  }
}
