package dev.cairn.server.graphql;

import dev.cairn.spec.Model;
import dev.cairn.spec.Relation;
import java.util.List;

/**
 * A {@code @belongsTo} or {@code @hasOne} field that a subscription selects, such as {@code post {
 * id _deleted }} in DataStore's {@code onCreateComment}, with the relation fields it selects in
 * turn. Aliases and fragments that select the same field are merged into one. Immutable.
 *
 * @param field the field's name on its model, e.g. {@code post}
 * @param relation how the field connects (its {@code localFields} hold the related key)
 * @param related the model the field points at
 * @param selections the relation fields selected inside this one
 */
public record RelationSelection(
    String field, Relation relation, Model related, List<RelationSelection> selections) {
  public RelationSelection {
    selections = List.copyOf(selections);
  }
}
