package dev.cairn.server.changes;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.bson.BsonBinaryWriter;
import org.bson.BsonWriter;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.io.BasicOutputBuffer;

/**
 * Writes a document of Java values (a {@link org.bson.Document} or any other map) straight to BSON
 * bytes, exactly as the driver's {@link DocumentCodec} writes it into a collection: {@code _id}
 * first when the document has one, then every other field in the map's order; a null as BSON null,
 * an {@link Iterable} as an array and a {@link Map} as an embedded document (neither reordered);
 * {@code String}, {@code Integer}, {@code Long}, {@code Double} and {@code Boolean} as string,
 * int32, int64, double and boolean; any other value with the codec the registry gives its class.
 * Inserting the resulting {@link RawBsonDocument} stores the same document as inserting the map:
 * the driver copies its bytes instead of walking the map through the codec registry (and no {@code
 * _id} is generated: give one). The document encoding of the two inserts was a measured share of a
 * mutation's CPU (JFR of SyncBench, issue 18). Thread-safe.
 */
public final class RawDocuments {
  private static final String ID = "_id";
  private static final EncoderContext CHILD = EncoderContext.builder().build();

  private final CodecRegistry registry;

  /**
   * @param registry the codecs of the collection the documents go to, for values of other types
   *     than the ones written directly
   */
  public RawDocuments(CodecRegistry registry) {
    this.registry = registry;
  }

  /**
   * The document's bytes.
   *
   * @throws ClassCastException for a map key that is not a string, as the codec would
   * @throws org.bson.codecs.configuration.CodecConfigurationException for a value no codec writes
   */
  public RawBsonDocument encode(Map<String, ?> document) {
    BasicOutputBuffer buffer = new AsciiFirstBuffer();
    try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
      writer.writeStartDocument();
      if (document.containsKey(ID)) {
        writer.writeName(ID);
        writeValue(writer, document.get(ID));
      }
      for (Map.Entry<String, ?> field : document.entrySet()) {
        if (!field.getKey().equals(ID)) {
          writer.writeName(field.getKey());
          writeValue(writer, field.getValue());
        }
      }
      writer.writeEndDocument();
    }
    return new RawBsonDocument(buffer.getInternalBuffer(), 0, buffer.getPosition());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void writeValue(BsonWriter writer, Object value) {
    if (value == null) {
      writer.writeNull();
    } else if (value instanceof String s) {
      writer.writeString(s);
    } else if (value instanceof Integer i) {
      writer.writeInt32(i);
    } else if (value instanceof Long l) {
      writer.writeInt64(l);
    } else if (value instanceof Double d) {
      writer.writeDouble(d);
    } else if (value instanceof Boolean b) {
      writer.writeBoolean(b);
    } else if (value instanceof Iterable<?> list) {
      writer.writeStartArray();
      for (Object element : list) {
        writeValue(writer, element);
      }
      writer.writeEndArray();
    } else if (value instanceof Map<?, ?> map) {
      writer.writeStartDocument();
      for (Map.Entry<?, ?> field : map.entrySet()) {
        writer.writeName((String) field.getKey());
        writeValue(writer, field.getValue());
      }
      writer.writeEndDocument();
    } else {
      Codec codec = registry.get(value.getClass());
      codec.encode(writer, value, CHILD);
    }
  }

  /**
   * Writes strings of ASCII characters (no NUL) a whole string at a time; others, as {@link
   * BasicOutputBuffer} does, a code point at a time (the same bytes: ASCII is its own UTF-8).
   */
  private static final class AsciiFirstBuffer extends BasicOutputBuffer {
    AsciiFirstBuffer() {
      super(256);
    }

    @Override
    protected int writeCharacters(String text, boolean checkForNullCharacters) {
      int length = text.length();
      for (int i = 0; i < length; i++) {
        char c = text.charAt(i);
        if (c == 0 || c >= 0x80) {
          return super.writeCharacters(text, checkForNullCharacters);
        }
      }
      writeBytes(text.getBytes(StandardCharsets.US_ASCII), 0, length);
      writeByte(0);
      return length + 1;
    }
  }
}
