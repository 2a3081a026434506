package dev.cairn.server.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import dev.cairn.server.observability.MongoTracing;
import org.junit.jupiter.api.Test;

class MongoClientProducerTest {
  @Test
  void aReplicaSetGetsJournaledMajorityWritesAndMajorityReadsWithoutAskingForThem() {
    MongoClientSettings settings =
        MongoClientProducer.settings(
            new ConnectionString("mongodb://db1:27017,db2:27017,db3:27017/?replicaSet=rs0"));

    assertThat(settings.getWriteConcern()).isEqualTo(WriteConcern.MAJORITY.withJournal(true));
    assertThat(settings.getReadConcern()).isEqualTo(ReadConcern.MAJORITY);
  }

  @Test
  void concernsTheConnectionStringSetsAreKept() {
    MongoClientSettings settings =
        MongoClientProducer.settings(
            new ConnectionString("mongodb://db1,db2/?replicaSet=rs0&w=2&readConcernLevel=local"));

    assertThat(settings.getWriteConcern()).isEqualTo(new WriteConcern(2));
    assertThat(settings.getReadConcern()).isEqualTo(ReadConcern.LOCAL);
  }

  @Test
  void aSingleHostKeepsTheDriverDefaults() {
    MongoClientSettings settings =
        MongoClientProducer.settings(new ConnectionString("mongodb://localhost:27017"));

    assertThat(settings.getWriteConcern()).isEqualTo(WriteConcern.ACKNOWLEDGED);
    assertThat(settings.getReadConcern()).isEqualTo(ReadConcern.DEFAULT);
  }

  @Test
  void commandsAreListenedToOnlyWhenTracesAreOn() {
    MongoClientSettings settings =
        MongoClientProducer.settings(new ConnectionString("mongodb://localhost:27017"));

    assertThat(MongoClientProducer.withTracing(settings, false, () -> null).getCommandListeners())
        .as("traces off: no listener, so the driver builds no command events")
        .isEmpty();
    assertThat(MongoClientProducer.withTracing(settings, true, () -> null).getCommandListeners())
        .singleElement()
        .isInstanceOf(MongoTracing.class);
  }
}
