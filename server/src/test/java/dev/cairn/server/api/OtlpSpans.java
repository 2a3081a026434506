package dev.cairn.server.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the spans of an OTLP/protobuf trace export ({@code ExportTraceServiceRequest} of
 * opentelemetry-proto's {@code trace.proto}): name, trace id, attributes and the trace ids of its
 * links. A decoder of the protobuf wire format for just these fields, because the test classpath
 * has no protobuf classes of OTLP (the node's exporter is Payara's).
 */
final class OtlpSpans {
  private OtlpSpans() {}

  /**
   * One exported span. Attribute values are {@code String}, {@code Long}, {@code Boolean}, {@code
   * Double} or a {@code List} of those.
   */
  record Span(String name, String traceId, Map<String, Object> attributes, List<String> links) {}

  /** The spans of {@code export} (several exports one after another read as one). */
  static List<Span> read(byte[] export) {
    List<Span> spans = new ArrayList<>();
    for (Field resourceSpans : fields(export)) {
      if (resourceSpans.number == 1) {
        for (Field scopeSpans : fields(resourceSpans.bytes)) {
          if (scopeSpans.number == 2) {
            for (Field span : fields(scopeSpans.bytes)) {
              if (span.number == 2) {
                spans.add(span(span.bytes));
              }
            }
          }
        }
      }
    }
    return spans;
  }

  private static Span span(byte[] bytes) {
    String name = "";
    String traceId = "";
    Map<String, Object> attributes = new LinkedHashMap<>();
    List<String> links = new ArrayList<>();
    for (Field f : fields(bytes)) {
      switch (f.number) {
        case 1 -> traceId = HexFormat.of().formatHex(f.bytes);
        case 5 -> name = new String(f.bytes, StandardCharsets.UTF_8);
        case 9 -> keyValue(f.bytes, attributes);
        case 13 -> {
          for (Field l : fields(f.bytes)) {
            if (l.number == 1) {
              links.add(HexFormat.of().formatHex(l.bytes));
            }
          }
        }
        default -> {}
      }
    }
    return new Span(name, traceId, attributes, links);
  }

  private static void keyValue(byte[] bytes, Map<String, Object> into) {
    String key = null;
    Object value = null;
    for (Field f : fields(bytes)) {
      if (f.number == 1) {
        key = new String(f.bytes, StandardCharsets.UTF_8);
      } else if (f.number == 2) {
        value = anyValue(f.bytes);
      }
    }
    if (key != null) {
      into.put(key, value);
    }
  }

  private static Object anyValue(byte[] bytes) {
    for (Field f : fields(bytes)) {
      switch (f.number) {
        case 1:
          return new String(f.bytes, StandardCharsets.UTF_8);
        case 2:
          return f.varint != 0;
        case 3:
          return f.varint;
        case 4:
          return Double.longBitsToDouble(f.varint);
        case 5:
          List<Object> values = new ArrayList<>();
          for (Field v : fields(f.bytes)) {
            if (v.number == 1) {
              values.add(anyValue(v.bytes));
            }
          }
          return values;
        default:
          break;
      }
    }
    return null;
  }

  /** A field: its number, and its bytes (length-delimited) or value (varint and fixed). */
  private record Field(int number, byte[] bytes, long varint) {}

  private static List<Field> fields(byte[] bytes) {
    List<Field> fields = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    while (in.hasRemaining()) {
      long tag = varint(in);
      int number = (int) (tag >>> 3);
      switch ((int) (tag & 7)) {
        case 0 -> fields.add(new Field(number, null, varint(in)));
        case 1 -> fields.add(new Field(number, null, in.getLong()));
        case 2 -> {
          byte[] value = new byte[(int) varint(in)];
          in.get(value);
          fields.add(new Field(number, value, 0));
        }
        case 5 -> fields.add(new Field(number, null, in.getInt()));
        default -> throw new IllegalArgumentException("unknown protobuf wire type in " + tag);
      }
    }
    return fields;
  }

  private static long varint(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.get();
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }
}
