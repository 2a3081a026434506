package dev.cairn.server.flags;

import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.Actor;
import dev.cairn.server.tenancy.AuditEvent;
import dev.cairn.server.tenancy.ControlPlane;
import dev.cairn.server.tenancy.ControlPlaneTransactions;
import dev.cairn.server.tenancy.Role;
import dev.cairn.server.tenancy.TenancyException;
import dev.cairn.server.tenancy.TenantAccess;
import dev.cairn.spec.flags.Flag;
import dev.cairn.spec.flags.FlagDocumentLocator;
import dev.cairn.spec.flags.FlagProblem;
import dev.cairn.spec.flags.FlagSet;
import dev.cairn.spec.flags.FlagSetDiff;
import dev.cairn.spec.flags.FlagSetReader;
import dev.cairn.spec.flags.FlagSetValidator;
import dev.cairn.spec.flags.FlagSetWriter;
import dev.cairn.spec.flags.FlagSpecException;
import dev.cairn.spec.flags.FlagStaleness;
import dev.cairn.spec.flags.FlagsYaml;
import dev.cairn.spec.flags.Segment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.RollbackException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Changing a tenant's flags and segments (DEVELOPER and above; reading VIEWER). Every change is
 * validated against the whole resulting set and refused with every problem (naming flag, rule and
 * field) before anything is written; a change and its audit events (before and after, per flag or
 * segment) commit in one transaction, then every node is told ({@link FlagChanges}). Thread-safe.
 */
@ApplicationScoped
public class FlagAdmin {
  private ControlPlaneTransactions tx;
  private FlagChanges changes;
  private Clock clock;
  private FlagUsage usage;

  protected FlagAdmin() {}

  /** An admin that knows of no evaluation by clients (only configuration makes a flag stale). */
  public FlagAdmin(ControlPlaneTransactions tx, FlagChanges changes, Clock clock) {
    this(tx, changes, clock, FlagUsage.NONE);
  }

  @Inject
  public FlagAdmin(ControlPlaneTransactions tx, FlagChanges changes, Clock clock, FlagUsage usage) {
    this.tx = tx;
    this.changes = changes;
    this.clock = clock;
    this.usage = usage;
  }

  /** A flag set with the version it was read at. */
  public record Versioned(long version, FlagSet set) {}

  /**
   * What applying a document changes, the version after (the current one for a dry run), and the
   * sets before and after (for a dry run: the stored one and the one it would become).
   */
  public record Applied(
      List<FlagSetDiff.Change> changes,
      long version,
      boolean dryRun,
      FlagSet before,
      FlagSet after) {}

  public Versioned read(Actor actor, TenantId tenant) {
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.VIEWER);
          return new Versioned(cp.flags().version(tenant), cp.flags().load(tenant));
        });
  }

  /**
   * A flag with when it last changed, when a client last had it evaluated (empty: never, as far as
   * {@link FlagUsage} knows) and why it is stale (empty: it is not; {@link FlagStaleness}).
   */
  public record FlagInfo(
      Flag flag,
      Instant lastChanged,
      Optional<Instant> lastEvaluated,
      Optional<FlagStaleness.Reason> staleReason) {
    public boolean stale() {
      return staleReason.isPresent();
    }
  }

  public FlagInfo flag(Actor actor, TenantId tenant, String key) {
    FlagInfo info = flags(actor, tenant).get(key);
    if (info == null) {
      throw notFound("flag", tenant, key);
    }
    return info;
  }

  /** Every flag of the tenant with its {@link FlagInfo}, in key order. */
  public Map<String, FlagInfo> flags(Actor actor, TenantId tenant) {
    Map<String, Instant> evaluated = usage.lastEvaluated(tenant);
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.VIEWER);
          Map<String, Instant> changed = cp.flags().flagsChangedAt(tenant);
          Instant now = clock.instant();
          Map<String, FlagInfo> out = new LinkedHashMap<>();
          cp.flags()
              .load(tenant)
              .flags()
              .forEach(
                  (key, flag) -> {
                    Instant at = changed.getOrDefault(key, now);
                    Optional<Instant> seen = Optional.ofNullable(evaluated.get(key));
                    out.put(
                        key,
                        new FlagInfo(
                            flag,
                            at,
                            seen,
                            FlagStaleness.staleness(flag, at, seen, now, usage.staleAfter())));
                  });
          return out;
        });
  }

  /** Creates or replaces flag {@code key} from its JSON/YAML entry. */
  public Flag putFlag(Actor actor, TenantId tenant, String key, Object entry) {
    Flag flag = parse(() -> FlagSetReader.readFlag(key, entry));
    change(actor, tenant, set -> set.with(flag));
    return flag;
  }

  public void deleteFlag(Actor actor, TenantId tenant, String key) {
    change(
        actor,
        tenant,
        set -> {
          if (set.flag(key).isEmpty()) {
            throw notFound("flag", tenant, key);
          }
          return set.withoutFlag(key);
        });
  }

  /** Switches flag {@code key} on or off. */
  public Flag toggle(Actor actor, TenantId tenant, String key, boolean on) {
    FlagSet after =
        change(
            actor,
            tenant,
            set ->
                set.with(
                    set.flag(key).orElseThrow(() -> notFound("flag", tenant, key)).withOn(on)));
    return after.flag(key).orElseThrow();
  }

  public Segment putSegment(Actor actor, TenantId tenant, String key, Object entry) {
    Segment segment = parse(() -> FlagSetReader.readSegment(key, entry));
    change(actor, tenant, set -> set.with(segment));
    return segment;
  }

  public void deleteSegment(Actor actor, TenantId tenant, String key) {
    change(
        actor,
        tenant,
        set -> {
          if (set.segment(key).isEmpty()) {
            throw notFound("segment", tenant, key);
          }
          return set.withoutSegment(key);
        });
  }

  /**
   * Makes the tenant's flags and segments exactly those of {@code document} (a {@code flags.yaml}
   * tree): entries it lacks are deleted. A dry run only reports the changes.
   */
  public Applied apply(Actor actor, TenantId tenant, Object document, boolean dryRun) {
    return apply(actor, tenant, document, dryRun, null);
  }

  /**
   * {@link #apply(Actor, TenantId, Object, boolean)} of a document's text (YAML or JSON), named
   * {@value #DOCUMENT} in problems: every problem is refused with the line and column it points at
   * ({@code flags.yaml:12:9: flags.checkout-v2.rules[emails].clauses[0].values[1]: ...}), and
   * nothing is saved.
   *
   * @param ifRevision when not null, the revision the caller previewed: the apply is refused as a
   *     conflict when the tenant's flags changed since
   */
  public Applied applyDocument(
      Actor actor, TenantId tenant, String text, boolean dryRun, Long ifRevision) {
    if (text == null || text.isBlank()) {
      throw new TenancyException(
          TenancyException.Kind.INVALID,
          "Invalid flags",
          "the document is empty; send a flags.yaml (YAML or JSON)");
    }
    try {
      return apply(actor, tenant, parse(() -> FlagsYaml.tree(DOCUMENT, text)), dryRun, ifRevision);
    } catch (TenancyException e) {
      if (e.kind() != TenancyException.Kind.INVALID || e.items().isEmpty()) {
        throw e;
      }
      List<String> located = e.items().stream().map(item -> located(text, item)).toList();
      throw new TenancyException(
          TenancyException.Kind.INVALID,
          e.title(),
          located.size()
              + (located.size() == 1 ? " problem" : " problems")
              + "; nothing was saved. First: "
              + located.get(0),
          located);
    }
  }

  /** The name of a whole document in its problems. */
  public static final String DOCUMENT = "flags.yaml";

  /** {@code path: message} as {@code flags.yaml:line:column: path: message} where it is found. */
  private static String located(String text, String problem) {
    if (problem.startsWith(DOCUMENT + ":")) {
      return problem; // bad YAML, already placed
    }
    int colon = problem.indexOf(": ");
    if (colon < 0) {
      return problem;
    }
    return FlagDocumentLocator.locate(text, problem.substring(0, colon))
        .map(at -> DOCUMENT + ":" + at + ": " + problem)
        .orElse(problem);
  }

  private Applied apply(
      Actor actor, TenantId tenant, Object document, boolean dryRun, Long ifRevision) {
    FlagSet wanted = parse(() -> FlagSetReader.read(document));
    if (dryRun) {
      return tx.inTransaction(
          cp -> {
            TenantAccess.require(cp, tenant, actor, Role.VIEWER);
            requireValid(wanted);
            FlagSet stored = cp.flags().load(tenant);
            return new Applied(
                FlagSetDiff.between(stored, wanted),
                cp.flags().version(tenant),
                true,
                stored,
                wanted);
          });
    }
    Committed done = commit(actor, tenant, set -> wanted, ifRevision);
    return new Applied(done.changes, done.version, false, done.before, done.after);
  }

  /** The audit events of one flag or segment, newest first. */
  public List<AuditEvent> history(
      Actor actor, TenantId tenant, String what, String key, int limit) {
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.VIEWER);
          return cp.flags().history(tenant, what + ":" + key, limit);
        });
  }

  private FlagSet change(Actor actor, TenantId tenant, UnaryOperator<FlagSet> edit) {
    return commit(actor, tenant, edit, null).after;
  }

  private record Committed(
      FlagSet before, FlagSet after, List<FlagSetDiff.Change> changes, long version) {}

  private Committed commit(
      Actor actor, TenantId tenant, UnaryOperator<FlagSet> edit, Long ifRevision) {
    long now = clock.millis();
    Committed done;
    try {
      done =
          tx.inTransaction(
              cp -> {
                TenantAccess.require(cp, tenant, actor, Role.DEVELOPER);
                if (ifRevision != null && cp.flags().version(tenant) != ifRevision) {
                  throw new TenancyException(
                      TenancyException.Kind.CONFLICT,
                      "Flags changed",
                      "the tenant's flags changed since revision "
                          + ifRevision
                          + " (now "
                          + cp.flags().version(tenant)
                          + "); preview the document again, then apply");
                }
                FlagSet before = cp.flags().load(tenant);
                FlagSet after = edit.apply(before);
                requireValid(after);
                List<FlagSetDiff.Change> diff = FlagSetDiff.between(before, after);
                if (diff.isEmpty()) {
                  return new Committed(before, after, diff, cp.flags().version(tenant));
                }
                long version = cp.flags().replace(tenant, before, after, now);
                audit(cp, actor, tenant, before, after, diff, now);
                cp.flush();
                return new Committed(before, after, diff, version);
              });
    } catch (OptimisticLockException | RollbackException e) {
      throw new TenancyException(
          TenancyException.Kind.CONFLICT,
          "Concurrent change",
          "another change of this tenant's flags committed at the same time; read them again and retry");
    } catch (PersistenceException e) {
      throw new TenancyException(
          TenancyException.Kind.CONFLICT,
          "Concurrent change",
          "the flags could not be saved (" + e.getMessage() + "); read them again and retry");
    }
    if (!done.changes.isEmpty()) {
      changes.committed(tenant, done.version, now);
    }
    return done;
  }

  private void audit(
      ControlPlane cp,
      Actor actor,
      TenantId tenant,
      FlagSet before,
      FlagSet after,
      List<FlagSetDiff.Change> diff,
      long now) {
    for (FlagSetDiff.Change change : diff) {
      boolean flag = change.what().equals("flag");
      String beforeJson = json(flag, before, change.key());
      String afterJson = json(flag, after, change.key());
      String action =
          change.what()
              + "."
              + switch (change.kind()) {
                case ADDED -> "create";
                case REMOVED -> "delete";
                case CHANGED -> "update";
              };
      cp.audit()
          .record(
              new AuditEvent(
                  tenant,
                  actor.subject(),
                  action,
                  change.what() + ":" + change.key(),
                  beforeJson,
                  afterJson,
                  Instant.ofEpochMilli(now)));
    }
  }

  private static String json(boolean flag, FlagSet set, String key) {
    if (flag) {
      return set.flag(key).map(f -> FlagJson.write(FlagSetWriter.flag(f))).orElse(null);
    }
    return set.segment(key).map(s -> FlagJson.write(FlagSetWriter.segment(s))).orElse(null);
  }

  private static void requireValid(FlagSet set) {
    List<FlagProblem> problems = FlagSetValidator.validate(set);
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
  }

  private static <T> T parse(Supplier<T> reader) {
    try {
      return reader.get();
    } catch (FlagSpecException e) {
      throw invalid(e.problems());
    }
  }

  static TenancyException invalid(List<FlagProblem> problems) {
    return new TenancyException(
        TenancyException.Kind.INVALID,
        "Invalid flags",
        problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "; nothing was saved. First: "
            + problems.get(0),
        problems.stream().map(FlagProblem::toString).toList());
  }

  private static TenancyException notFound(String what, TenantId tenant, String key) {
    return new TenancyException(
        TenancyException.Kind.NOT_FOUND,
        "Not found",
        "tenant `" + tenant + "` has no " + what + " `" + key + "`");
  }

  /** A request body (JSON, or a {@code flags.yaml} as YAML) as a tree; INVALID naming line:col. */
  public static Object parseBody(String text) {
    if (text == null || text.isBlank()) {
      throw new TenancyException(
          TenancyException.Kind.INVALID, "Invalid flags", "the body is empty; send JSON or YAML");
    }
    return parse(() -> FlagsYaml.tree("body", text));
  }
}
