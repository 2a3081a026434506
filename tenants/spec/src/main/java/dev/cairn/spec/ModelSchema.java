package dev.cairn.spec;

import java.util.List;
import java.util.Optional;

/**
 * The validated, immutable description of a tenant's data: its models, enums and embedded
 * (non-model) types, in declaration order, with every implicit field Amplify's transformer adds
 * (timestamps, owner fields, relation foreign keys) and every generated join model of a
 * {@code @manyToMany}.
 *
 * <p>Made only by {@link ModelSchemaParser}, so an instance always passed validation. Thread-safe.
 */
public record ModelSchema(
    List<Model> models, List<EnumType> enums, List<EmbeddedType> embeddedTypes) {

  public ModelSchema {
    models = List.copyOf(models);
    enums = List.copyOf(enums);
    embeddedTypes = List.copyOf(embeddedTypes);
  }

  public Optional<Model> model(String name) {
    return models.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  public Optional<EnumType> enumType(String name) {
    return enums.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  public Optional<EmbeddedType> embeddedType(String name) {
    return embeddedTypes.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
