package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.client.testmodel.Bin;
import dev.cairn.client.testmodel.Post;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local reads and writes of a model keyed by a {@code @primaryKey} with a sort key ({@link Bin}:
 * {@code warehouseId} + {@code code}) on a real SQLite file, without a server: records are told
 * apart by the whole key in the table, the outbox, lookups and observers.
 */
class CompositeKeyStoreTest {
  @TempDir Path dir;
  private final List<CairnClient> clients = new ArrayList<>();

  private CairnClient client() {
    CairnClient client =
        CairnClient.builder()
            .endpoint(URI.create("http://127.0.0.1:9/t/none/graphql"))
            .auth(Auth.apiKey("k"))
            .models(Post.TYPE, Bin.TYPE)
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
  void recordsSharingAPartitionKeyAreTwoRecordsFoundByTheirWholeKey() throws Exception {
    CairnClient client = client();

    client.save(new Bin("w1", "A-01", "north", 10));
    client.save(new Bin("w1", "A-02", "south", 20));
    client.save(new Bin("w2", "A-01", "east", 30));

    assertThat(client.queryByKey(Bin.TYPE, "w1", "A-01")).map(Bin::aisle).contains("north");
    assertThat(client.queryByKey(Bin.TYPE, "w1", "A-02")).map(Bin::aisle).contains("south");
    assertThat(client.queryByKey(Bin.TYPE, "w2", "A-01")).map(Bin::aisle).contains("east");
    assertThat(client.queryByKey(Bin.TYPE, "w2", "A-02")).isEmpty();
    assertThat(client.query(Bin.TYPE, Bin.WAREHOUSE_ID.eq("w1"))).hasSize(2);
    assertThat(outbox())
        .containsExactly(
            "Bin [\"w1\",\"A-01\"] CREATE",
            "Bin [\"w1\",\"A-02\"] CREATE",
            "Bin [\"w2\",\"A-01\"] CREATE");
    assertThat(primaryKeyColumns("Bin")).containsExactly("warehouseId", "code");
  }

  @Test
  void savingTheSameWholeKeyAgainUpdatesThatRecordAndCoalescesOnlyItsOwnEntries() throws Exception {
    CairnClient client = client();
    Bin a = new Bin("w1", "A-01", "north", 10);
    client.save(a);
    client.save(new Bin("w1", "A-02", "south", 20));

    client.save(a.withCapacity(11));
    client.delete(new Bin("w1", "A-02", null, null));

    assertThat(client.query(Bin.TYPE)).containsExactly(new Bin("w1", "A-01", "north", 11));
    assertThat(outbox()).containsExactly("Bin [\"w1\",\"A-01\"] CREATE");
  }

  @Test
  void aRecordWithoutItsSortKeyIsRefusedNamingTheKeyAndNothingIsWritten() throws Exception {
    CairnClient client = client();

    assertThatThrownBy(() -> client.save(new Bin("w1", null, "north", 1)))
        .isInstanceOf(CairnException.class)
        .hasMessageContaining("Bin.code is missing")
        .hasMessageContaining("primary key [warehouseId, code]")
        .extracting(e -> ((CairnException) e).errorType())
        .isEqualTo("InvalidModel");

    assertThat(client.query(Bin.TYPE)).isEmpty();
    assertThat(outbox()).isEmpty();
  }

  @Test
  void aLookupByIdOfACompositeKeyModelOrByTooFewKeyValuesSaysHowToLookItUp() {
    CairnClient client = client();

    assertThatThrownBy(() -> client.query(Bin.TYPE, "w1"))
        .isInstanceOf(CairnException.class)
        .hasMessageContaining("Bin is keyed by [warehouseId, code]")
        .hasMessageContaining("queryByKey(Bin.TYPE, warehouseId, code)");
    assertThatThrownBy(() -> client.queryByKey(Bin.TYPE, "w1"))
        .isInstanceOf(CairnException.class)
        .hasMessageContaining("give 2 key value(s)");
    client.save(new Post("p1", "t", null, null, null));
    assertThat(client.queryByKey(Post.TYPE, "p1")).map(Post::title).contains("t");
    assertThat(client.query(Post.TYPE, "p1")).map(Post::title).contains("t");
  }

  @Test
  void anObserverOfOneKeySeesOnlyThatRecordsChanges() {
    CairnClient client = client();
    List<ModelChange<Bin>> seen = new ArrayList<>();
    client.observe(Bin.TYPE, Bin.TYPE.keyPredicate("w1", "A-02"), seen::add);

    client.save(new Bin("w1", "A-01", "north", 1));
    client.save(new Bin("w1", "A-02", "south", 2));
    client.save(new Bin("w1", "A-01", "north", 3));
    client.delete(new Bin("w1", "A-02", "south", 2));

    assertThat(seen)
        .extracting(ModelChange::mutation)
        .containsExactly(MutationType.CREATE, MutationType.DELETE);
    assertThat(seen).allSatisfy(c -> assertThat(c.model().code()).isEqualTo("A-02"));
  }

  @Test
  void theWholeKeySurvivesReopeningTheFile() throws Exception {
    CairnClient first = client();
    first.save(new Bin("w1", "A-01", "kept", 1));
    first.close();
    clients.remove(first);

    CairnClient second = client();

    assertThat(second.storeMigration().created()).isEmpty();
    assertThat(second.queryByKey(Bin.TYPE, "w1", "A-01")).map(Bin::aisle).contains("kept");
    assertThat(outbox()).containsExactly("Bin [\"w1\",\"A-01\"] CREATE");
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

  private List<String> primaryKeyColumns(String table) throws Exception {
    List<String> columns = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db"));
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT name FROM pragma_table_info('"
                        + table
                        + "') WHERE pk > 0 ORDER BY pk")) {
      while (rs.next()) {
        columns.add(rs.getString(1));
      }
    }
    return columns;
  }
}
