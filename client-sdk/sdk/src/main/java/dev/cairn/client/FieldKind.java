package dev.cairn.client;

/**
 * How a field's value is held locally and on the wire. AppSync's string-like scalars ({@code
 * AWSDate}, {@code AWSDateTime}, {@code AWSEmail}, ...) are {@link #STRING}; {@code AWSTimestamp}
 * is {@link #LONG}; embedded (non-model) types and lists are kept as JSON.
 */
public enum FieldKind {
  ID,
  STRING,
  INT,
  LONG,
  FLOAT,
  BOOLEAN,
  /** An enum value, held as its name. */
  ENUM,
  /** {@code AWSJSON}: a string holding a JSON text. */
  JSON,
  /** A non-model type, held as a {@code Map<String, Object>} of its fields. */
  EMBEDDED
}
