package dev.cairn.server.graphql;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;

/** Counts in a parsed document that {@link RequestLimits} bound and graphql-java does not. */
record QueryShape(int operations, int aliases, int maxRootFields) {
  static QueryShape of(Document document) {
    int operations = 0;
    int aliases = 0;
    int rootFields = 0;
    for (Definition<?> definition : document.getDefinitions()) {
      if (definition instanceof OperationDefinition operation) {
        operations++;
        rootFields = Math.max(rootFields, operation.getSelectionSet().getSelections().size());
        aliases += aliases(operation.getSelectionSet());
      } else if (definition instanceof FragmentDefinition fragment) {
        aliases += aliases(fragment.getSelectionSet());
      }
    }
    return new QueryShape(operations, aliases, rootFields);
  }

  private static int aliases(SelectionSet set) {
    if (set == null) {
      return 0;
    }
    int count = 0;
    for (Selection<?> selection : set.getSelections()) {
      if (selection instanceof Field field) {
        count += (field.getAlias() != null ? 1 : 0) + aliases(field.getSelectionSet());
      } else if (selection instanceof InlineFragment inline) {
        count += aliases(inline.getSelectionSet());
      }
    }
    return count;
  }
}
