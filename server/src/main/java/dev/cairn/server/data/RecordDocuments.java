package dev.cairn.server.data;

import dev.cairn.spec.Field;
import dev.cairn.spec.FieldOrigin;
import dev.cairn.spec.Model;
import dev.cairn.spec.TypeKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** Checks mutation input against a model and converts between stored and API shapes. */
final class RecordDocuments {
  static final String VERSION = "_version";
  static final String LAST_CHANGED_AT = "_lastChangedAt";
  static final String DELETED = "_deleted";

  private RecordDocuments() {}

  /**
   * The fields of {@code input} a mutation may set, keys excluded. {@code _version} is skipped.
   *
   * @throws DataException.InvalidInput naming the first field the model does not let clients set,
   *     or a value of the wrong shape
   */
  static Map<String, Object> settableFields(Model model, Map<String, ?> input) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> entry : input.entrySet()) {
      String name = entry.getKey();
      if (name.equals(VERSION) || model.primaryKey().fields().contains(name)) {
        continue;
      }
      Field field =
          model
              .field(name)
              .filter(f -> f.isStored() && !f.isRelation() && f.origin() != FieldOrigin.TIMESTAMP)
              .orElseThrow(
                  () ->
                      new DataException.InvalidInput(
                          "`"
                              + name
                              + "` is not a field of "
                              + model.name()
                              + " that a mutation can set"));
      out.put(name, checked(model, field, entry.getValue()));
    }
    return out;
  }

  private static Object checked(Model model, Field field, Object value) {
    if (value == null) {
      if (field.type().required()) {
        throw new DataException.InvalidInput(
            "`" + field.name() + "` of " + model.name() + " is required and cannot be null");
      }
      return null;
    }
    boolean embedded = field.type().kind() == TypeKind.EMBEDDED;
    if (field.type().list()) {
      if (!(value instanceof List<?> list)) {
        throw wrongShape(model, field, "a list");
      }
      for (Object element : list) {
        if (element != null && !isValue(element, embedded)) {
          throw wrongShape(model, field, "a list of " + field.type().name() + " values");
        }
      }
      return value;
    }
    if (!isValue(value, embedded)) {
      throw wrongShape(
          model, field, embedded ? "an object" : "a " + field.type().name() + " value");
    }
    return value;
  }

  private static boolean isValue(Object value, boolean embedded) {
    return embedded
        ? value instanceof Map<?, ?>
        : value instanceof String || value instanceof Number || value instanceof Boolean;
  }

  private static DataException wrongShape(Model model, Field field, String expected) {
    return new DataException.InvalidInput(
        "`" + field.name() + "` of " + model.name() + " must be " + expected);
  }

  /** A mutation's {@code _version}; missing means 0, as AppSync's resolvers treat it. */
  static int incomingVersion(Map<String, ?> input) {
    Object version = input.get(VERSION);
    if (version == null) {
      return 0;
    }
    if (version instanceof Integer v) {
      return v;
    }
    throw new DataException.InvalidInput("`_version` must be an Int");
  }

  /** The record as the API returns it: every stored field, without MongoDB's {@code _id}. */
  static Document toApi(Document stored) {
    Document out = new Document(stored);
    out.remove("_id");
    return out;
  }

  /**
   * AWSDateTime with millisecond precision, in UTC: exactly {@code
   * Instant.ofEpochMilli(epochMillis).toString()} ({@code 2026-11-29T21:32:37.120Z}, no fraction
   * when the milliseconds are 0), written directly for years 0 to 9999: the JDK's formatter was an
   * eighth of a mutation's allocations (JFR of SyncBench, issue 18).
   */
  static String dateTime(long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000L);
    int millis = (int) Math.floorMod(epochMillis, 1000L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      return Instant.ofEpochMilli(epochMillis).toString();
    }
    char[] out = new char[millis == 0 ? 20 : 24];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    digits(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, secondOfDay % 60, 2);
    if (millis != 0) {
      out[19] = '.';
      digits(out, 20, millis, 3);
    }
    out[out.length - 1] = 'Z';
    return new String(out);
  }

  /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  static Map<String, Object> copy(Map<String, ?> map) {
    return new LinkedHashMap<>(map);
  }

  /**
   * Fills in {@code @default(value:)} for every field a create leaves out or sets to null, typed as
   * the field is (Int, Float, Boolean, or the literal string for strings, ids, enums and AWS
   * scalars). The schema language has already checked that each default fits its field.
   */
  static void applyDefaults(Model model, Map<String, Object> fields) {
    for (Field field : model.fields()) {
      if (field.defaultValue().isEmpty() || fields.get(field.name()) != null) {
        continue;
      }
      String literal = field.defaultValue().get();
      Object value =
          switch (field.type().name()) {
            case "Int", "AWSTimestamp" -> Long.parseLong(literal.trim());
            case "Float" -> Double.parseDouble(literal.trim());
            case "Boolean" -> Boolean.parseBoolean(literal.trim());
            default -> literal;
          };
      fields.put(field.name(), value);
    }
  }
}
