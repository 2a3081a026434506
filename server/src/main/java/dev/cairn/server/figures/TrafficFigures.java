package dev.cairn.server.figures;

import dev.cairn.server.TenantId;
import dev.cairn.server.Unproxied;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-tenant figures of this node's sync traffic over the last hour, in 10-second buckets: GraphQL
 * HTTP requests, errors (HTTP 4xx/5xx other than 404, and answers of 200 whose body carries GraphQL
 * {@code errors}), the 95th percentile latency, records returned by sync queries, and the most
 * realtime connections seen open (sampled by {@link ConnectionSampler}). Each bucket keeps up to
 * {@value #SAMPLES_PER_BUCKET} latencies (the first ones of the bucket) for the percentile. Only
 * tenants that answered something other than 404, or hold authenticated connections, are recorded,
 * so unknown slugs cannot grow the map. Thread-safe; the figures are this node's only (each node
 * counts what it served).
 */
@ApplicationScoped
public class TrafficFigures {
  /** This bean itself, not its client proxy (see {@link Unproxied}); it has no interceptors. */
  public Unproxied<TrafficFigures> instance() {
    return new Unproxied<>(this);
  }

  /** Width of a bucket. */
  public static final int BUCKET_SECONDS = 10;

  /** Buckets kept: one hour. */
  public static final int BUCKETS = 360;

  static final int SAMPLES_PER_BUCKET = 256;

  private final ConcurrentMap<String, Ring> tenants = new ConcurrentHashMap<>();
  private Clock clock;

  protected TrafficFigures() {}

  @Inject
  public TrafficFigures(Clock clock) {
    this.clock = clock;
  }

  /**
   * One bucket: its start (epoch ms), requests, errors, p95 latency in ms (0 when idle), records
   * returned by sync queries, and the most realtime connections seen open.
   */
  public record Bucket(
      long startMillis,
      int requests,
      int errors,
      double p95Millis,
      int syncedRecords,
      int connections) {
    static Bucket idle(long startMillis) {
      return new Bucket(startMillis, 0, 0, 0, 0, 0);
    }
  }

  /** Records one answered request of {@code tenant} that synced no records. */
  public void record(TenantId tenant, long latencyNanos, boolean error) {
    record(tenant, latencyNanos, error, 0);
  }

  /**
   * Records one answered request of {@code tenant}.
   *
   * @param syncedRecords records its sync queries returned
   */
  public void record(TenantId tenant, long latencyNanos, boolean error, int syncedRecords) {
    tenants
        .computeIfAbsent(tenant.slug(), s -> new Ring())
        .add(bucketOf(clock.millis()), latencyNanos, error, syncedRecords);
  }

  /** Records that {@code open} realtime connections of {@code tenant} are open now. */
  public void recordConnections(TenantId tenant, int open) {
    tenants
        .computeIfAbsent(tenant.slug(), s -> new Ring())
        .connections(bucketOf(clock.millis()), open);
  }

  /** The last hour's buckets of {@code tenant}, oldest first (empty buckets included). */
  public List<Bucket> lastHour(TenantId tenant) {
    long current = bucketOf(clock.millis());
    Ring ring = tenants.get(tenant.slug());
    List<Bucket> out = new ArrayList<>(BUCKETS);
    for (long b = current - BUCKETS + 1; b <= current; b++) {
      out.add(ring == null ? Bucket.idle(b * BUCKET_SECONDS * 1000L) : ring.read(b));
    }
    return out;
  }

  private static long bucketOf(long millis) {
    return millis / (BUCKET_SECONDS * 1000L);
  }

  /** A tenant's buckets as a ring indexed by bucket number modulo {@link #BUCKETS}. */
  private static final class Ring {
    private final long[] number = new long[BUCKETS];
    private final int[] requests = new int[BUCKETS];
    private final int[] errors = new int[BUCKETS];
    private final int[] synced = new int[BUCKETS];
    private final int[] connections = new int[BUCKETS];
    private final long[][] samples = new long[BUCKETS][SAMPLES_PER_BUCKET];

    Ring() {
      Arrays.fill(number, -1);
    }

    synchronized void add(long bucket, long latencyNanos, boolean error, int syncedRecords) {
      int i = slot(bucket);
      if (requests[i] < SAMPLES_PER_BUCKET) {
        samples[i][requests[i]] = latencyNanos;
      }
      requests[i]++;
      synced[i] += syncedRecords;
      if (error) {
        errors[i]++;
      }
    }

    synchronized void connections(long bucket, int open) {
      int i = slot(bucket);
      connections[i] = Math.max(connections[i], open);
    }

    /** The slot of {@code bucket}, emptied first when it held an older bucket. */
    private int slot(long bucket) {
      int i = (int) (bucket % BUCKETS);
      if (number[i] != bucket) {
        number[i] = bucket;
        requests[i] = 0;
        errors[i] = 0;
        synced[i] = 0;
        connections[i] = 0;
      }
      return i;
    }

    synchronized Bucket read(long bucket) {
      int i = (int) (bucket % BUCKETS);
      long start = bucket * BUCKET_SECONDS * 1000L;
      if (number[i] != bucket) {
        return Bucket.idle(start);
      }
      if (requests[i] == 0) {
        return new Bucket(start, 0, 0, 0, 0, connections[i]);
      }
      int n = Math.min(requests[i], SAMPLES_PER_BUCKET);
      long[] sorted = Arrays.copyOf(samples[i], n);
      Arrays.sort(sorted);
      long p95 = sorted[Math.min(n - 1, (int) Math.ceil(n * 0.95) - 1)];
      return new Bucket(
          start, requests[i], errors[i], p95 / 1_000_000.0, synced[i], connections[i]);
    }
  }
}
