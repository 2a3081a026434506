package dev.cairn.server.graphql;

import dev.cairn.server.ErrorType;
import dev.cairn.spec.Field;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.Relation;
import dev.cairn.spec.RelationKind;
import graphql.language.Document;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the relation fields a subscription selects, so that realtime can resolve them once per
 * change instead of once per delivery. A {@code @belongsTo} or {@code @hasOne} field is a lookup of
 * one record by the foreign key the changed record holds, as AppSync's resolver does for the
 * triggering mutation. A {@code @hasMany} or {@code @manyToMany} field would be a query per change
 * and subscriber (and a page of it at that): it is refused when the subscription starts, with a
 * message naming the field, never rendered half. DataStore never selects one. Works on a document
 * graphql-java has already validated against the schema.
 */
final class SubscriptionRelations {
  private final ModelSchema schema;
  private final Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
  private final String rootField;

  private SubscriptionRelations(ModelSchema schema, Document document, String rootField) {
    this.schema = schema;
    this.rootField = rootField;
    for (FragmentDefinition fragment : document.getDefinitionsOfType(FragmentDefinition.class)) {
      fragments.put(fragment.getName(), fragment);
    }
  }

  /**
   * The relation fields selected under the root field {@code root} of a subscription to {@code
   * model}.
   *
   * @throws GraphQLRequestException {@code BadRequestException} naming a selected {@code @hasMany}
   *     or {@code @manyToMany} field
   */
  static List<RelationSelection> of(
      ModelSchema schema, Document document, graphql.language.Field root, Model model)
      throws GraphQLRequestException {
    SubscriptionRelations walker = new SubscriptionRelations(schema, document, root.getName());
    Map<String, Node> nodes = new LinkedHashMap<>();
    walker.collect(root.getSelectionSet(), model, nodes, new HashSet<>());
    return build(nodes);
  }

  /** A relation field being collected; merged across aliases and fragments. */
  private static final class Node {
    final Field field;
    final Relation relation;
    final Model related;
    final Map<String, Node> children = new LinkedHashMap<>();

    Node(Field field, Relation relation, Model related) {
      this.field = field;
      this.relation = relation;
      this.related = related;
    }
  }

  private void collect(
      SelectionSet set, Model model, Map<String, Node> into, Set<String> spreadsOnPath)
      throws GraphQLRequestException {
    if (set == null) {
      return;
    }
    for (Selection<?> selection : set.getSelections()) {
      if (selection instanceof graphql.language.Field field) {
        Optional<Field> declared = model.field(field.getName());
        if (declared.isEmpty() || declared.get().relation().isEmpty()) {
          continue;
        }
        Relation relation = declared.get().relation().get();
        if (relation.kind() == RelationKind.HAS_MANY
            || relation.kind() == RelationKind.MANY_TO_MANY) {
          throw new GraphQLRequestException(
              ErrorType.BAD_REQUEST.wireName(),
              rootField
                  + " selects `"
                  + field.getName()
                  + "`, a @"
                  + (relation.kind() == RelationKind.HAS_MANY ? "hasMany" : "manyToMany")
                  + " field of "
                  + model.name()
                  + "; subscription payloads carry the record's own fields and its @belongsTo and"
                  + " @hasOne fields only. Remove `"
                  + field.getName()
                  + "` from the subscription and read it with a query (e.g. get"
                  + model.name()
                  + ")");
        }
        Model related = schema.model(relation.relatedModel()).orElseThrow();
        Node node =
            into.computeIfAbsent(field.getName(), n -> new Node(declared.get(), relation, related));
        collect(field.getSelectionSet(), related, node.children, spreadsOnPath);
      } else if (selection instanceof InlineFragment inline) {
        collect(inline.getSelectionSet(), model, into, spreadsOnPath);
      } else if (selection instanceof FragmentSpread spread) {
        FragmentDefinition fragment = fragments.get(spread.getName());
        // validation refuses cycles; the guard keeps a bad document from looping here anyway
        if (fragment != null && spreadsOnPath.add(spread.getName())) {
          collect(fragment.getSelectionSet(), model, into, spreadsOnPath);
          spreadsOnPath.remove(spread.getName());
        }
      }
    }
  }

  private static List<RelationSelection> build(Map<String, Node> nodes) {
    List<RelationSelection> out = new ArrayList<>();
    for (Node node : nodes.values()) {
      out.add(
          new RelationSelection(
              node.field.name(), node.relation, node.related, build(node.children)));
    }
    return out;
  }
}
