package dev.cairn.server.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.BsonBinaryWriter;
import org.bson.ByteBuf;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * {@link RawDocuments} writes the very bytes the driver's {@link DocumentCodec} writes for a
 * document inserted into a collection, for every shape a record or journal entry takes.
 */
class RawDocumentsTest {
  private static final CodecRegistry REGISTRY = MongoClientSettings.getDefaultCodecRegistry();
  private final RawDocuments raw = new RawDocuments(REGISTRY);

  @Test
  void aRecordWithACompositeKeyAndEveryFieldTypeEncodesAsTheDocumentCodecDoes() {
    Document record =
        new Document("_id", "[\"w1\",\"A-1\"]")
            .append("warehouse", "w1")
            .append("sku", "A-1")
            .append("title", "caf\u00e9 \"quoted\" \u2028 \uD83D\uDE00")
            .append("topic", 7)
            .append("views", 5_000_000_000L)
            .append("rating", 4.5)
            .append("draft", true)
            .append("body", null)
            .append("tags", Arrays.asList("a", null, "c"))
            .append("emptyTags", List.of())
            .append(
                "address",
                new Document("street", "Main")
                    .append("geo", Map.of("lat", 1.5))
                    .append("zip", null)
                    .append("_id", "nested ids stay where they are"))
            .append("json", "{\"a\":[1,2,{\"b\":null}]}")
            .append("nul", "before\u0000after")
            .append("caf\u00e9", "")
            .append("at", "2026-11-29T21:32:37.120Z")
            .append("stamp", 1_764_451_957L)
            .append("createdAt", "2026-11-29T21:32:37.120Z")
            .append("updatedAt", "2026-11-29T21:32:37.120Z")
            .append("_version", 1)
            .append("_lastChangedAt", 1_764_451_957_120L)
            .append("_deleted", false);

    assertThat(bytes(raw.encode(record))).isEqualTo(codecBytes(record)).isNotEmpty();
  }

  @Test
  void idIsWrittenFirstWhereverTheMapHoldsIt() {
    Document entry =
        new Document("tenant", "acme")
            .append("record", new Document("id", "p1"))
            .append("_id", new ObjectId());

    assertThat(raw.encode(entry).getFirstKey()).isEqualTo("_id");
    assertThat(bytes(raw.encode(entry))).isEqualTo(codecBytes(entry));
  }

  @Test
  void numericAndBooleanKeysAndValuesOfOtherTypesGoThroughTheRegistry() {
    Document record =
        new Document("_id", 42)
            .append("id", 42)
            .append("price", new BigDecimal("12.50"))
            .append("small", (short) 3)
            .append("ratio", 0.25f)
            .append("when", Date.from(Instant.parse("2026-11-29T21:32:37.120Z")))
            .append("ref", new ObjectId())
            .append("set", new java.util.LinkedHashSet<>(List.of("x", "y")))
            .append("flag", Boolean.FALSE);

    assertThat(bytes(raw.encode(record))).isEqualTo(codecBytes(record));
    assertThat(bytes(raw.encode(new Document("_id", true))))
        .isEqualTo(codecBytes(new Document("_id", true)));
  }

  @Test
  void aJournalEntryWithItsRecordEncodesAsTheDocumentCodecDoes() {
    Document journal =
        new Document("_id", new ObjectId())
            .append("tenant", "acme")
            .append("model", "Post")
            .append("recordId", "p1")
            .append("operation", "UPDATE")
            .append("version", 3)
            .append("lastChangedAt", 1_764_451_957_120L)
            .append(
                "record",
                new Document("id", "p1")
                    .append("title", null)
                    .append("_version", 3)
                    .append("_lastChangedAt", 1_764_451_957_120L)
                    .append("_deleted", true))
            .append("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

    assertThat(bytes(raw.encode(journal))).isEqualTo(codecBytes(journal));
    assertThat(raw.encode(journal).decode(REGISTRY.get(Document.class))).isEqualTo(journal);
  }

  @Test
  void randomNestedDocumentsEncodeAsTheDocumentCodecDoes() {
    Random random = new Random(18);
    for (int i = 0; i < 2_000; i++) {
      Document document = new Document("_id", value(random, 0, true));
      document.putAll(map(random, 0));

      assertThat(bytes(raw.encode(document)))
          .as("document %d: %s", i, document.toJson())
          .isEqualTo(codecBytes(document));
    }
  }

  @Test
  void aValueNoCodecWritesFailsAsTheCodecWould() {
    Document document = new Document("_id", "x").append("bad", new Object());

    assertThatThrownBy(() -> raw.encode(document)).isInstanceOf(CodecConfigurationException.class);
  }

  private static Map<String, Object> map(Random random, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    int fields = random.nextInt(6);
    for (int f = 0; f < fields; f++) {
      map.put("f" + random.nextInt(1000), value(random, depth + 1, false));
    }
    return map;
  }

  private static Object value(Random random, int depth, boolean scalar) {
    int kinds = scalar || depth > 3 ? 7 : 10;
    return switch (random.nextInt(kinds)) {
      case 0 -> null;
      case 1 -> "s" + random.nextInt() + (random.nextBoolean() ? "\u00e9\u4e2d" : "");
      case 2 -> random.nextInt();
      case 3 -> random.nextLong();
      case 4 -> random.nextDouble() * 1e6;
      case 5 -> random.nextBoolean();
      case 6 -> new BigDecimal(random.nextInt(100_000)).movePointLeft(2);
      case 7 -> map(random, depth);
      case 8 -> new Document(map(random, depth));
      default -> {
        List<Object> list = new ArrayList<>();
        int n = random.nextInt(4);
        for (int e = 0; e < n; e++) {
          list.add(value(random, depth + 1, false));
        }
        yield random.nextBoolean() ? list : new LinkedHashSet<>(list);
      }
    };
  }

  private static byte[] bytes(RawBsonDocument document) {
    ByteBuf buffer = document.getByteBuffer();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  /**
   * What the driver writes for {@code document} inserted into a {@code MongoCollection<Document>}.
   */
  private static byte[] codecBytes(Document document) {
    BasicOutputBuffer buffer = new BasicOutputBuffer();
    try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
      new DocumentCodec(REGISTRY)
          .encode(
              writer,
              document,
              EncoderContext.builder().isEncodingCollectibleDocument(true).build());
    }
    return buffer.toByteArray();
  }
}
