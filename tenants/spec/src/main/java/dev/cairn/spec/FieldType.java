package dev.cairn.spec;

/**
 * The GraphQL type of a field: {@code name} is a {@link Scalar} name, an enum, an embedded type or
 * a model; {@code required} is the outer {@code !}; for lists {@code elementsRequired} is the inner
 * {@code !}.
 */
public record FieldType(
    String name, TypeKind kind, boolean required, boolean list, boolean elementsRequired) {

  public static FieldType scalar(Scalar scalar, boolean required) {
    return new FieldType(scalar.name(), TypeKind.SCALAR, required, false, false);
  }

  public FieldType withRequired(boolean newRequired) {
    return new FieldType(name, kind, newRequired, list, elementsRequired);
  }

  /** The type in SDL notation, e.g. {@code [String!]!}. */
  public String toGraphQL() {
    String base = list ? "[" + name + (elementsRequired ? "!" : "") + "]" : name;
    return required ? base + "!" : base;
  }

  @Override
  public String toString() {
    return toGraphQL();
  }
}
