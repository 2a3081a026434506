package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.client.testmodel.Post;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local reads and writes of {@link CairnClient} on a real SQLite file, without a server. */
class LocalStoreTest {
  @TempDir Path dir;
  private final List<CairnClient> clients = new ArrayList<>();

  private CairnClient client() {
    CairnClient client =
        CairnClient.builder()
            .endpoint(URI.create("http://127.0.0.1:9/t/none/graphql"))
            .auth(Auth.apiKey("k"))
            .models(Post.TYPE)
            .storeFile(dir.resolve("app.db"))
            .build();
    clients.add(client);
    return client;
  }

  @AfterEach
  void close() {
    clients.forEach(CairnClient::close);
  }

  @Test
  void aSaveWritesTheRecordAndItsOutboxEntryAndNotifiesObserversBeforeReturning() throws Exception {
    CairnClient client = client();
    List<ModelChange<Post>> seen = new ArrayList<>();
    client.observe(Post.TYPE, seen::add);

    client.save(new Post("p1", "Hello", 4, Post.Status.DRAFT, List.of("a", "b")));

    assertThat(seen)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.mutation()).isEqualTo(MutationType.CREATE);
              assertThat(c.origin()).isEqualTo(ModelChange.Origin.LOCAL);
              assertThat(c.model().title()).isEqualTo("Hello");
            });
    assertThat(client.query(Post.TYPE, "p1"))
        .contains(new Post("p1", "Hello", 4, Post.Status.DRAFT, List.of("a", "b")));
    assertThat(outbox()).containsExactly("Post p1 CREATE");
  }

  @Test
  void aFlowSubscriberReceivesMatchingChangesUntilItCancels() throws Exception {
    CairnClient client = client();
    java.util.concurrent.BlockingQueue<ModelChange<Post>> received =
        new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Flow.Subscription> handle =
        new java.util.concurrent.atomic.AtomicReference<>();
    client
        .changes(Post.TYPE, Post.RATING.gt(2))
        .subscribe(
            new java.util.concurrent.Flow.Subscriber<>() {
              @Override
              public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                handle.set(s);
                s.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(ModelChange<Post> item) {
                received.add(item);
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onComplete() {}
            });

    client.save(new Post("low", "low", 1, null, null));
    client.save(new Post("high", "high", 5, null, null));
    ModelChange<Post> first = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
    handle.get().cancel();
    client.save(new Post("high2", "high", 6, null, null));

    assertThat(first).isNotNull();
    assertThat(first.model().id()).isEqualTo("high");
    assertThat(received.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void anInvalidModelFailsWithTheFieldNamedAndWritesNothing() throws Exception {
    CairnClient client = client();

    assertThatThrownBy(() -> client.save(new Post("p1", null, 4, null, null)))
        .isInstanceOf(CairnException.class)
        .hasMessageContaining("Post.title is required");

    assertThat(client.query(Post.TYPE)).isEmpty();
    assertThat(outbox()).isEmpty();
  }

  @Test
  void updatesAfterACreateCoalesceIntoOneCreateAndADeleteCancelsBoth() throws Exception {
    CairnClient client = client();
    Post post = new Post("p1", "one", 1, null, null);

    client.save(post);
    client.save(post.withTitle("two"));
    client.save(post.withTitle("two").withRating(3));

    assertThat(outbox()).containsExactly("Post p1 CREATE");
    assertThat(outboxData()).containsEntry("title", "two").containsEntry("rating", 3L);

    client.delete(post);

    assertThat(outbox()).isEmpty();
    assertThat(client.query(Post.TYPE)).isEmpty();
  }

  @Test
  void queriesFilterSortAndPageInSqlite() {
    CairnClient client = client();
    for (int i = 1; i <= 5; i++) {
      client.save(
          new Post(
              "p" + i,
              "title " + i,
              i,
              i % 2 == 0 ? Post.Status.PUBLISHED : Post.Status.DRAFT,
              null));
    }

    List<Post> page =
        client.query(
            Post.TYPE,
            Post.RATING.ge(2).and(Post.STATUS.eq(Post.Status.DRAFT).negate()),
            QuerySort.descending(Post.RATING),
            QueryPage.first(1));
    List<Post> begins =
        client.query(Post.TYPE, Post.TITLE.beginsWith("title 3").or(Post.RATING.between(5, 9)));

    assertThat(page).extracting(Post::id).containsExactly("p4");
    assertThat(begins).extracting(Post::id).containsExactlyInAnyOrder("p3", "p5");
  }

  @Test
  void aConditionThatDoesNotHoldLocallyRejectsTheSave() {
    CairnClient client = client();
    Post post = new Post("p1", "one", 1, null, null);
    client.save(post);

    assertThatThrownBy(() -> client.save(post.withTitle("x"), Post.RATING.gt(5)))
        .isInstanceOf(CairnException.class)
        .extracting(e -> ((CairnException) e).errorType())
        .isEqualTo("ConditionNotMet");
    assertThat(client.query(Post.TYPE, "p1")).map(Post::title).contains("one");
  }

  @Test
  void recordsAndTheOutboxSurviveReopeningTheFile() throws Exception {
    CairnClient first = client();
    first.save(new Post("p1", "kept", 1, null, null));
    first.close();
    clients.remove(first);

    CairnClient second = client();

    assertThat(second.query(Post.TYPE, "p1")).map(Post::title).contains("kept");
    assertThat(outbox()).containsExactly("Post p1 CREATE");
  }

  private List<String> outbox() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db"));
        ResultSet rs =
            c.createStatement().executeQuery("SELECT * FROM _cairn_outbox ORDER BY seq")) {
      while (rs.next()) {
        rows.add(
            rs.getString("model")
                + " "
                + rs.getString("record_id")
                + " "
                + rs.getString("mutation"));
      }
    }
    return rows;
  }

  private Map<String, Object> outboxData() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db"));
        ResultSet rs =
            c.createStatement().executeQuery("SELECT data FROM _cairn_outbox ORDER BY seq")) {
      rs.next();
      return dev.cairn.client.internal.Json.parseObject(rs.getString(1));
    }
  }
}
