package dev.cairn.server.graphql;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Counts in a parsed document that {@link RequestLimits} bound and graphql-java does not. Fragment
 * spreads and inline fragments are counted as the fields they expand to, once per use: a root-level
 * spread of a fragment with 12 fields is 12 root fields, and a fragment with 3 aliases spread 4
 * times is 12 aliases. Each fragment is counted once and the result reused, so a document of
 * fragments that spread each other many times costs no more to count than to read; a fragment that
 * spreads itself counts nothing for the cycle (validation refuses it afterwards).
 */
record QueryShape(int operations, int aliases, int maxRootFields) {
  static QueryShape of(Document document) {
    Map<String, FragmentDefinition> fragments = new HashMap<>();
    for (FragmentDefinition fragment : document.getDefinitionsOfType(FragmentDefinition.class)) {
      fragments.putIfAbsent(fragment.getName(), fragment);
    }
    Counter counter = new Counter(fragments);
    int operations = 0;
    long aliases = 0;
    long rootFields = 0;
    for (Definition<?> definition : document.getDefinitions()) {
      if (definition instanceof OperationDefinition operation) {
        operations++;
        rootFields = Math.max(rootFields, counter.fields(operation.getSelectionSet()));
        aliases = saturated(aliases + counter.aliases(operation.getSelectionSet()));
      }
    }
    return new QueryShape(operations, (int) aliases, (int) rootFields);
  }

  private static long saturated(long value) {
    return Math.min(value, Integer.MAX_VALUE);
  }

  /** Expands fragments with memoized counts per fragment. */
  private static final class Counter {
    private final Map<String, FragmentDefinition> fragments;
    private final Map<String, Long> fieldsOf = new HashMap<>();
    private final Map<String, Long> aliasesOf = new HashMap<>();
    private final Set<String> expanding = new HashSet<>();

    Counter(Map<String, FragmentDefinition> fragments) {
      this.fragments = fragments;
    }

    /** The fields a selection set selects at its own level, fragments expanded. */
    long fields(SelectionSet set) {
      if (set == null) {
        return 0;
      }
      long count = 0;
      for (Selection<?> selection : set.getSelections()) {
        if (selection instanceof Field) {
          count++;
        } else if (selection instanceof InlineFragment inline) {
          count += fields(inline.getSelectionSet());
        } else if (selection instanceof FragmentSpread spread) {
          count += fragment(spread.getName(), fieldsOf, this::fields);
        }
        count = saturated(count);
      }
      return count;
    }

    /** The aliased fields in a selection set and below it, fragments expanded per use. */
    long aliases(SelectionSet set) {
      if (set == null) {
        return 0;
      }
      long count = 0;
      for (Selection<?> selection : set.getSelections()) {
        if (selection instanceof Field field) {
          count += (field.getAlias() != null ? 1 : 0) + aliases(field.getSelectionSet());
        } else if (selection instanceof InlineFragment inline) {
          count += aliases(inline.getSelectionSet());
        } else if (selection instanceof FragmentSpread spread) {
          count += fragment(spread.getName(), aliasesOf, this::aliases);
        }
        count = saturated(count);
      }
      return count;
    }

    private long fragment(String name, Map<String, Long> memo, ToLongFunction<SelectionSet> of) {
      Long known = memo.get(name);
      if (known != null) {
        return known;
      }
      FragmentDefinition fragment = fragments.get(name);
      if (fragment == null || !expanding.add(name)) {
        return 0; // unknown or cyclic: validation refuses the document
      }
      long count = of.applyAsLong(fragment.getSelectionSet());
      expanding.remove(name);
      memo.put(name, count);
      return count;
    }
  }
}
