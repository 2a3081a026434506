package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.client.testmodel.Post;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several users on one device, on real SQLite files without a server: a store per user in one
 * directory, sign-out keeps or wipes it, and a store never serves another user. Tokens are unsigned
 * JWTs: the SDK reads their claims only to choose the store (the server checks signatures).
 */
class UserStoresTest {
  @TempDir Path dir;

  private CairnClient signIn(String user, List<CairnException> errors) {
    return CairnClient.builder()
        .endpoint(URI.create("http://127.0.0.1:9/t/none/graphql"))
        .auth(Auth.token(() -> jwt(user)))
        .models(Post.TYPE)
        .storeDirectory(dir)
        .errorHandler(errors::add)
        .build();
  }

  @Test
  void usersAlternatingOnOneDirectoryNeverSeeEachOthersRecordsAndKeepTheirOutboxes()
      throws Exception {
    CairnClient alice = signIn("alice", new ArrayList<>());
    alice.save(new Post("a1", "alice's draft", 1, null, null));
    Path aliceFile = alice.storeFile();
    alice.signOut(false);

    CairnClient bob = signIn("bob", new ArrayList<>());
    assertThat(bob.userId()).contains("bob");
    assertThat(bob.storeFile()).isNotEqualTo(aliceFile);
    assertThat(bob.query(Post.TYPE)).isEmpty();
    bob.save(new Post("b1", "bob's", 2, null, null));
    Path bobFile = bob.storeFile();
    bob.signOut(true);
    assertThat(bobFile).doesNotExist();
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
        .noneMatch(name -> name.startsWith(bobFile.getFileName().toString()));

    CairnClient aliceAgain = signIn("alice", new ArrayList<>());
    assertThat(aliceAgain.storeFile()).isEqualTo(aliceFile);
    assertThat(aliceAgain.query(Post.TYPE)).extracting(Post::id).containsExactly("a1");
    aliceAgain.close();
    assertThat(outbox(aliceFile)).containsExactly("Post a1 CREATE");

    CairnClient bobAgain = signIn("bob", new ArrayList<>());
    assertThat(bobAgain.query(Post.TYPE)).as("bob's store was wiped").isEmpty();
    bobAgain.close();
  }

  @Test
  void closingAfterSignOutOrTwiceDoesNothing() {
    CairnClient alice = signIn("alice", new ArrayList<>());
    alice.signOut(false);
    alice.close();

    CairnClient bob = signIn("bob", new ArrayList<>());
    bob.close();
    bob.close();
    bob.signOut(true);
    assertThat(bob.storeFile()).doesNotExist();
  }

  @Test
  void aStoreFileNeverServesATokenOfAnotherUser() {
    Path file = dir.resolve("shared.db");
    AtomicReference<String> user = new AtomicReference<>("alice");
    List<CairnException> errors = new ArrayList<>();
    CairnClient client =
        CairnClient.builder()
            .endpoint(URI.create("http://127.0.0.1:9/t/none/graphql"))
            .auth(Auth.token(() -> jwt(user.get())))
            .models(Post.TYPE)
            .storeFile(file)
            .userId("alice")
            .errorHandler(errors::add)
            .build();
    client.close();

    assertThatThrownBy(
            () ->
                CairnClient.builder()
                    .endpoint(URI.create("http://127.0.0.1:9/t/none/graphql"))
                    .auth(Auth.token(() -> jwt("bob")))
                    .models(Post.TYPE)
                    .storeFile(file)
                    .userId("bob")
                    .build())
        .isInstanceOf(CairnException.class)
        .hasMessageContaining("belongs to user alice");
  }

  @Test
  void theGuardedTokenSupplierRefusesAnotherUsersTokenAndReportsItOnce() {
    List<CairnException> errors = new ArrayList<>();
    try (dev.cairn.client.internal.LocalStore store =
        dev.cairn.client.internal.LocalStore.open(dir.resolve("g.db"), List.of(Post.TYPE))) {
      dev.cairn.client.internal.Identity identity =
          dev.cairn.client.internal.Identity.of(store, "alice", errors::add);
      AtomicReference<String> who = new AtomicReference<>("alice");
      Auth.Token guarded = (Auth.Token) identity.guard(Auth.token(() -> jwt(who.get())));

      assertThat(guarded.accessToken().get()).isEqualTo(jwt("alice"));
      assertThat(identity.groups()).contains(List.of("staff"));
      who.set("mallory");
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> guarded.accessToken().get())
            .isInstanceOfSatisfying(
                CairnException.class,
                e -> {
                  assertThat(e.errorType()).isEqualTo("IdentityMismatch");
                  assertThat(e.isRetryable()).as("nothing queued is dropped").isTrue();
                });
      }
      assertThat(errors).hasSize(1);
    }
  }

  static String jwt(String sub) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String payload = "{\"sub\":\"" + sub + "\",\"groups\":[\"staff\"]}";
    return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + ".";
  }

  private static List<String> outbox(Path file) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT model || ' ' || record_id || ' ' || mutation FROM _cairn_outbox")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
