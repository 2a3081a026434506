package dev.cairn.server.realtime;

import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.realtime.SubscriptionRegistry.Group;
import dev.cairn.server.realtime.SubscriptionRegistry.Registration;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers one change to every local subscription that wants it. Subscriptions are found through
 * the registry's (tenant, model, operation) index, in groups of subscriptions that want and render
 * every change identically ({@link CompiledSubscription#groupKey()}: same filter, {@code owner}
 * argument and {@code @auth} read scope). Each group is asked once whether it wants the change, the
 * change is rendered once per distinct render key and encoded once, and only the small
 * per-subscriber envelope is built per delivery. What renderings share (e.g. the parent record of a
 * {@code @belongsTo} field, read once) lives in one {@link ChangeInFlight} per change. Sending
 * never blocks: the connection queues the frame and its own sender writes it. A change with many
 * groups is shared out in slices between the calling thread and helper threads ({@link #parallel}),
 * since asking each group (for flag subscriptions: evaluating the caller's flags) is the larger
 * part of the work.
 */
public final class FanOut {
  private static final Logger LOG = Logger.getLogger(FanOut.class.getName());

  /** How far behind the journal the fan-out may fall before it says so. */
  private static final long LAG_WARNING_MS = 1_000;

  private static final long LAG_REPORT_EVERY_MS = 10_000;

  /**
   * Groups of one change from which the fan-out shares the work with its helpers; below this, one
   * thread is quicker than handing work over.
   */
  static final int PARALLEL_FROM_GROUPS = 256;

  private final SubscriptionRegistry registry;
  private long lastLagReport;
  private volatile Executor helpers;
  private volatile int parallelism = 1;

  public FanOut(SubscriptionRegistry registry) {
    this.registry = registry;
  }

  /**
   * Lets the fan-out of a change with many groups (at least {@link #PARALLEL_FROM_GROUPS}) be
   * shared by the calling thread and {@code threads - 1} tasks on {@code helpers}: each takes a
   * slice of the groups, and {@link #publish} returns once every slice is done, so changes still
   * reach each subscription in journal order. Each subscription is in one slice, so it is still
   * asked about a change by one thread.
   *
   * @param threads how many threads in all share one change, e.g. the cores
   */
  public void parallel(Executor helpers, int threads) {
    this.helpers = helpers;
    this.parallelism = Math.max(1, threads);
  }

  /**
   * Warns (at most every 10 s) when changes reach the fan-out more than a second after they were
   * written: subscribers then see every change late, whatever the send path does.
   */
  private void checkLag(ChangeEntry change) {
    long now = System.currentTimeMillis();
    long lag = now - change.lastChangedAt();
    if (lag > LAG_WARNING_MS && now - lastLagReport > LAG_REPORT_EVERY_MS) {
      lastLagReport = now;
      LOG.warning(
          "realtime fan-out is "
              + lag
              + " ms behind the change journal (change of "
              + change.model()
              + " "
              + change.recordId()
              + "): the change feed delivers late");
    }
  }

  /**
   * Delivers a change.
   *
   * @return how many subscriptions it was sent to
   */
  public int publish(ChangeEntry change) {
    long began = System.nanoTime();
    long beganAt = System.currentTimeMillis();
    checkLag(change);
    Collection<Group> groups = registry.groups(change.tenant(), change.model(), change.operation());
    if (groups.isEmpty()) {
      return 0;
    }
    Timing timing = new Timing();
    int sent;
    Executor pool = helpers;
    int slices = Math.min(parallelism, groups.size() / (PARALLEL_FROM_GROUPS / 2));
    if (pool == null || slices < 2 || groups.size() < PARALLEL_FROM_GROUPS) {
      sent = deliver(change, groups, timing);
    } else {
      sent = deliverInSlices(change, groups.toArray(new Group[0]), slices, pool, timing);
    }
    timing.report(change, beganAt, System.nanoTime() - began, groups.size(), sent);
    return sent;
  }

  private int deliverInSlices(
      ChangeEntry change, Group[] groups, int slices, Executor pool, Timing timing) {
    List<CompletableFuture<Integer>> helped = new ArrayList<>(slices - 1);
    List<Timing> timings = new ArrayList<>(slices - 1);
    for (int i = 1; i < slices; i++) {
      List<Group> slice = slice(groups, i, slices);
      Timing own = new Timing();
      timings.add(own);
      try {
        helped.add(CompletableFuture.supplyAsync(() -> deliver(change, slice, own), pool));
      } catch (RejectedExecutionException e) {
        helped.add(CompletableFuture.completedFuture(deliver(change, slice, own)));
      }
    }
    int sent = deliver(change, slice(groups, 0, slices), timing);
    for (int i = 0; i < helped.size(); i++) {
      try {
        sent += helped.get(i).join();
      } catch (CompletionException e) {
        LOG.log(
            Level.WARNING,
            "a slice of the fan-out of a change of " + change.model() + " failed",
            e);
      }
      timing.add(timings.get(i));
    }
    return sent;
  }

  private static List<Group> slice(Group[] groups, int index, int slices) {
    int from = (int) ((long) groups.length * index / slices);
    int to = (int) ((long) groups.length * (index + 1) / slices);
    return Arrays.asList(groups).subList(from, to);
  }

  private int deliver(ChangeEntry change, Iterable<Group> groups, Timing timing) {
    long cpuBefore = Timing.cpuNanos();
    try {
      return deliverTimed(change, groups, timing);
    } finally {
      timing.cpu(Timing.cpuNanos() - cpuBefore);
    }
  }

  private int deliverTimed(ChangeEntry change, Iterable<Group> groups, Timing timing) {
    Map<Object, byte[]> rendered = new HashMap<>();
    ChangeInFlight inFlight = new ChangeInFlight(change);
    int sent = 0;
    for (Group group : groups) {
      Registration[] members = group.members();
      if (members.length == 0) {
        continue;
      }
      CompiledSubscription subscription = group.subscription;
      byte[] payload;
      long t0 = System.nanoTime();
      try {
        boolean wanted = subscription.wants(change);
        long t1 = System.nanoTime();
        timing.asked(t1 - t0);
        if (!wanted) {
          continue;
        }
        payload =
            rendered.computeIfAbsent(
                subscription.renderKey(inFlight),
                k -> subscription.render(inFlight).getBytes(StandardCharsets.UTF_8));
        timing.rendered(System.nanoTime() - t1);
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "could not deliver a change of "
                + change.model()
                + " to "
                + members.length
                + " subscription(s) such as "
                + members[0].id,
            e);
        continue;
      }
      long t2 = System.nanoTime();
      for (Registration registration : members) {
        try {
          registration.session.deliver(registration, payload);
          sent++;
        } catch (RuntimeException e) {
          LOG.log(
              Level.WARNING,
              "could not deliver a change of "
                  + change.model()
                  + " to subscription "
                  + registration.id,
              e);
        }
      }
      timing.queued(System.nanoTime() - t2);
    }
    return sent;
  }

  /**
   * Where one change's fan-out spent its time: asking the groups whether they want it (for flag
   * subscriptions: evaluating the caller's flags), rendering, and queueing frames (wall time summed
   * over the threads that shared it), and the CPU time those threads used (which, unlike wall time,
   * does not grow with the machine's load). Logged at INFO when the whole fan-out took at least
   * {@code cairn.realtime.slowFanOutMillis} (system property, default 250 ms; 0 logs every change,
   * for benchmarks), at most once a second; at FINE otherwise.
   */
  static final class Timing {
    private static final long SLOW_MS = Long.getLong("cairn.realtime.slowFanOutMillis", 250);
    private static final Logger TIMING_LOG = Logger.getLogger(FanOut.class.getName() + ".timing");
    private static volatile long lastReported;

    private long askNanos;
    private long maxAskNanos;
    private long renderNanos;
    private long queueNanos;
    private int asked;
    private int wanted;
    private long cpuNanos;

    /** This thread's CPU time, or 0 where the JVM does not measure it. */
    static long cpuNanos() {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    void cpu(long nanos) {
      cpuNanos += nanos;
    }

    void asked(long nanos) {
      askNanos += nanos;
      maxAskNanos = Math.max(maxAskNanos, nanos);
      asked++;
    }

    void rendered(long nanos) {
      renderNanos += nanos;
      wanted++;
    }

    void queued(long nanos) {
      queueNanos += nanos;
    }

    synchronized void add(Timing other) {
      askNanos += other.askNanos;
      maxAskNanos = Math.max(maxAskNanos, other.maxAskNanos);
      renderNanos += other.renderNanos;
      queueNanos += other.queueNanos;
      asked += other.asked;
      wanted += other.wanted;
      cpuNanos += other.cpuNanos;
    }

    void report(ChangeEntry change, long beganAt, long totalNanos, int groups, int sent) {
      long now = System.currentTimeMillis();
      boolean slow = totalNanos >= SLOW_MS * 1_000_000;
      Level level = slow && now - lastReported >= 1_000 ? Level.INFO : Level.FINE;
      if (!TIMING_LOG.isLoggable(level)) {
        return;
      }
      if (level == Level.INFO) {
        lastReported = now;
      }
      TIMING_LOG.log(
          level,
          String.format(
              Locale.ROOT,
              "fan-out of %s %s v%d: written at %d, reached the fan-out at %d (+%d ms); %d"
                  + " group(s) asked in %.1f ms (slowest %.1f ms), %d wanted it, rendered in %.1f"
                  + " ms, %d frame(s) queued in %.1f ms; done at %d, %.1f ms in all, %.1f ms of"
                  + " CPU",
              change.model(),
              change.recordId(),
              change.version(),
              change.lastChangedAt(),
              beganAt,
              beganAt - change.lastChangedAt(),
              asked,
              askNanos / 1e6,
              maxAskNanos / 1e6,
              wanted,
              renderNanos / 1e6,
              sent,
              queueNanos / 1e6,
              now,
              totalNanos / 1e6,
              cpuNanos / 1e6));
    }
  }
}
