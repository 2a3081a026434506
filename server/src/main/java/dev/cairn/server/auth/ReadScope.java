package dev.cairn.server.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which records one caller may read for one read operation of one model: all of them ({@link
 * #isUnrestricted}), none ({@link #isDenied}: answer the operation with {@link
 * NotAuthorizedException}), or those that satisfy {@link #filter()}. The same scope serves both
 * sides of the data's path:
 *
 * <ul>
 *   <li>queries (get, list, sync): {@link #and(Map)} combines it with the caller's {@code filter}
 *       argument into one {@code Model<M>FilterInput}-shaped map for {@code
 *       data.filter.FilterTranslator}; for a get, {@link #test} the fetched record;
 *   <li>realtime: {@link #test} each changed record before sending it to the subscriber.
 * </ul>
 *
 * The filter uses only {@code or}, {@code eq} (single-valued fields) and {@code contains}
 * (list-valued fields), whose meaning the translator and {@code data.filter.RecordMatcher} share,
 * so {@link #test} and the translated query agree. Immutable and thread-safe.
 */
public final class ReadScope {
  private static final ReadScope UNRESTRICTED = new ReadScope(false, List.of(), "");

  private final boolean denied;
  private final List<Grant.FieldMatch> conditions;
  private final String denial;

  private ReadScope(boolean denied, List<Grant.FieldMatch> conditions, String denial) {
    this.denied = denied;
    this.conditions = List.copyOf(conditions);
    this.denial = denial;
  }

  /**
   * @param denial the refusal's message, made only when nothing may be read (building it on every
   *     read was a measured share of a get's CPU, issue 18)
   */
  static ReadScope of(List<Grant> grants, Supplier<String> denial) {
    if (grants.stream().anyMatch(g -> g instanceof Grant.All)) {
      return UNRESTRICTED;
    }
    List<Grant.FieldMatch> conditions =
        grants.stream()
            .filter(Grant.FieldMatch.class::isInstance)
            .map(Grant.FieldMatch.class::cast)
            .toList();
    return conditions.isEmpty()
        ? new ReadScope(true, List.of(), denial.get())
        : new ReadScope(false, conditions, "");
  }

  /** Every record may be read. */
  public boolean isUnrestricted() {
    return !denied && conditions.isEmpty();
  }

  /** No record may be read: the operation itself is not allowed. */
  public boolean isDenied() {
    return denied;
  }

  /**
   * The scope as a {@code Model<M>FilterInput} map, e.g. {@code {"or": [{"owner": {"eq": "alice"}},
   * {"editors": {"contains": "alice"}}]}}; empty when unrestricted.
   *
   * @throws NotAuthorizedException when the scope is denied: there is no filter for "nothing"
   */
  public Map<String, Object> filter() {
    requireAllowed();
    List<Map<String, Object>> parts = new ArrayList<>();
    conditions.forEach(c -> parts.addAll(c.filters()));
    if (parts.isEmpty()) {
      return Map.of();
    }
    return parts.size() == 1 ? parts.get(0) : Map.of("or", List.copyOf(parts));
  }

  /**
   * {@code userFilter} AND this scope, as one filter map: the user's filter unchanged when the
   * scope is unrestricted, {@code {"and": [scope, userFilter]}} otherwise.
   *
   * @param userFilter the caller's {@code filter} argument; null or empty = none
   * @throws NotAuthorizedException when the scope is denied
   */
  public Map<String, Object> and(Map<String, Object> userFilter) {
    Map<String, Object> scope = filter();
    if (userFilter == null || userFilter.isEmpty()) {
      return scope;
    }
    if (scope.isEmpty()) {
      return userFilter;
    }
    return Map.of("and", List.of(scope, userFilter));
  }

  /** Whether the caller may read {@code record} (false for every record when denied). */
  public boolean test(Map<String, Object> record) {
    if (denied) {
      return false;
    }
    return conditions.isEmpty() || conditions.stream().anyMatch(c -> c.test(record));
  }

  /**
   * @throws NotAuthorizedException naming why, when the scope is denied
   */
  public void requireAllowed() {
    if (denied) {
      throw new NotAuthorizedException(denial);
    }
  }

  @Override
  public String toString() {
    return denied ? "ReadScope[denied]" : "ReadScope" + (isUnrestricted() ? "[all]" : filter());
  }
}
