package dev.cairn.client;

import java.util.List;
import java.util.Objects;

/**
 * One stored field of a model or embedded type, as the SDK needs it: the wire name, the value kind,
 * whether it is required, a list, or set by the server only ({@code createdAt}, {@code updatedAt});
 * the allowed names of an enum; the fields of an embedded type. Immutable.
 */
public record ModelField(
    String name,
    FieldKind kind,
    boolean required,
    boolean list,
    boolean readOnly,
    List<String> enumValues,
    List<ModelField> embeddedFields) {

  public ModelField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    enumValues = List.copyOf(enumValues);
    embeddedFields = List.copyOf(embeddedFields);
  }

  /** A scalar field. */
  public static ModelField of(String name, FieldKind kind, boolean required) {
    return new ModelField(name, kind, required, false, false, List.of(), List.of());
  }

  /** A server-set field, never sent in a mutation. */
  public static ModelField readOnly(String name, FieldKind kind) {
    return new ModelField(name, kind, false, false, true, List.of(), List.of());
  }

  /** This field as a list of its kind. */
  public ModelField asList() {
    return new ModelField(name, kind, required, true, readOnly, enumValues, embeddedFields);
  }

  /** An enum field allowing {@code values}. */
  public static ModelField enumeration(String name, boolean required, List<String> values) {
    return new ModelField(name, FieldKind.ENUM, required, false, false, values, List.of());
  }

  /** An embedded-type field with {@code fields}. */
  public static ModelField embedded(String name, boolean required, List<ModelField> fields) {
    return new ModelField(name, FieldKind.EMBEDDED, required, false, false, List.of(), fields);
  }

  /** Whether the value is stored as JSON text in its column (lists, embedded values). */
  public boolean storedAsJson() {
    return list || kind == FieldKind.EMBEDDED;
  }
}
