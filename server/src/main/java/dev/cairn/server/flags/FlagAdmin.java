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
import java.util.List;
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

  protected FlagAdmin() {}

  @Inject
  public FlagAdmin(ControlPlaneTransactions tx, FlagChanges changes, Clock clock) {
    this.tx = tx;
    this.changes = changes;
    this.clock = clock;
  }

  /** A flag set with the version it was read at. */
  public record Versioned(long version, FlagSet set) {}

  /** What applying a document changes, and the version after (the current one for a dry run). */
  public record Applied(List<FlagSetDiff.Change> changes, long version, boolean dryRun) {}

  public Versioned read(Actor actor, TenantId tenant) {
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.VIEWER);
          return new Versioned(cp.flags().version(tenant), cp.flags().load(tenant));
        });
  }

  /** A flag with when it last changed and whether it is stale ({@link FlagStaleness}). */
  public record FlagInfo(Flag flag, Instant lastChanged, boolean stale) {}

  public FlagInfo flag(Actor actor, TenantId tenant, String key) {
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.VIEWER);
          Flag flag =
              cp.flags().load(tenant).flag(key).orElseThrow(() -> notFound("flag", tenant, key));
          Instant changed = cp.flags().flagChangedAt(tenant, key).orElse(clock.instant());
          return new FlagInfo(flag, changed, FlagStaleness.isStale(flag, changed, clock.instant()));
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
    FlagSet wanted = parse(() -> FlagSetReader.read(document));
    if (dryRun) {
      return tx.inTransaction(
          cp -> {
            TenantAccess.require(cp, tenant, actor, Role.VIEWER);
            requireValid(wanted);
            return new Applied(
                FlagSetDiff.between(cp.flags().load(tenant), wanted),
                cp.flags().version(tenant),
                true);
          });
    }
    Committed done = commit(actor, tenant, set -> wanted);
    return new Applied(done.changes, done.version, false);
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
    return commit(actor, tenant, edit).after;
  }

  private record Committed(FlagSet after, List<FlagSetDiff.Change> changes, long version) {}

  private Committed commit(Actor actor, TenantId tenant, UnaryOperator<FlagSet> edit) {
    long now = clock.millis();
    Committed done;
    try {
      done =
          tx.inTransaction(
              cp -> {
                TenantAccess.require(cp, tenant, actor, Role.DEVELOPER);
                FlagSet before = cp.flags().load(tenant);
                FlagSet after = edit.apply(before);
                requireValid(after);
                List<FlagSetDiff.Change> diff = FlagSetDiff.between(before, after);
                if (diff.isEmpty()) {
                  return new Committed(after, diff, cp.flags().version(tenant));
                }
                long version = cp.flags().replace(tenant, before, after, now);
                audit(cp, actor, tenant, before, after, diff, now);
                cp.flush();
                return new Committed(after, diff, version);
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
