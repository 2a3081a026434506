package dev.cairn.bench;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * What one load generator received during one fan-out run: when each data frame of each write
 * arrived. Writes carry their sequence number in the title as {@code b#<seq>#}, so a receipt is one
 * string scan. Receipt times are kept (one {@code long} a receipt, in a buffer per client thread)
 * and turned into latencies only at the end, against the acknowledgement times the benchmark's
 * process measured: {@link System#nanoTime()} is {@code CLOCK_MONOTONIC} on Linux, one clock for
 * every process of the machine, so times taken in two JVMs compare.
 */
final class FanOutProbe {
  /** Receipt times are microseconds since the probe was made, in the low bits of a receipt. */
  private static final int TIME_BITS = 40;

  private static final long TIME_MASK = (1L << TIME_BITS) - 1;
  private final int writes;
  private final long startNanos = System.nanoTime();
  private final LongAdder delivered = new LongAdder();
  private final List<Buffer> buffers = new ArrayList<>();
  private final ThreadLocal<Buffer> buffer = ThreadLocal.withInitial(this::newBuffer);
  private volatile long lastReceiptNanos;

  FanOutProbe(int writes) {
    this.writes = writes;
  }

  static String title(int seq) {
    return "b#" + seq + "#";
  }

  /**
   * The write number a frame carries ({@code b#<seq>#} in its title), read straight from the
   * frame's bytes without decoding them, or -1 when it carries none.
   */
  static int seq(ByteBuf frame) {
    int end = frame.writerIndex();
    for (int i = frame.readerIndex(); i + 1 < end; i++) {
      if (frame.getByte(i) == 'b' && frame.getByte(i + 1) == '#') {
        int seq = 0;
        for (int k = i + 2; k < end; k++) {
          byte c = frame.getByte(k);
          if (c == '#') {
            return seq;
          }
          if (c < '0' || c > '9') {
            break;
          }
          seq = seq * 10 + (c - '0');
        }
      }
    }
    return -1;
  }

  /** Called on a client thread for each data frame, with the number {@link #seq} found in it. */
  void received(int seq) {
    long now = System.nanoTime();
    if (seq < 0 || seq >= writes) {
      return;
    }
    buffer.get().add(((long) seq << TIME_BITS) | ((now - startNanos) / 1000 & TIME_MASK));
    delivered.increment();
    lastReceiptNanos = now;
  }

  /** Frames received so far, of every write. */
  long deliveredTotal() {
    return delivered.sum();
  }

  long lastReceiptNanos() {
    return lastReceiptNanos;
  }

  /**
   * Latencies of the writes from {@code firstMeasured} on, from {@code ackNanos[seq]} (0: never
   * acknowledged) to each receipt, in microseconds; a frame that overtook its own acknowledgement
   * counts as 0.
   */
  Summary summary(long[] ackNanos, int firstMeasured) {
    Histogram latency = new Histogram(60_000_000L, 3);
    long measured = 0;
    long beforeAck = 0;
    for (Buffer b : buffersSoFar()) {
      long[] receipts = b.snapshot();
      for (long r : receipts) {
        int seq = (int) (r >>> TIME_BITS);
        if (seq < firstMeasured) {
          continue;
        }
        measured++;
        long at = startNanos + (r & TIME_MASK) * 1000;
        long ack = ackNanos[seq];
        if (ack == 0 || at < ack) {
          beforeAck++;
          latency.recordValue(0);
        } else {
          latency.recordValue(Math.min((at - ack) / 1000, 60_000_000L));
        }
      }
    }
    return new Summary(measured, beforeAck, lastReceiptNanos, latency);
  }

  /** One load generator's share of a run's result. */
  record Summary(
      long deliveredMeasured, long beforeAck, long lastReceiptNanos, Histogram latency) {}

  private Buffer newBuffer() {
    Buffer b = new Buffer();
    synchronized (buffers) {
      buffers.add(b);
    }
    return b;
  }

  private List<Buffer> buffersSoFar() {
    synchronized (buffers) {
      return new ArrayList<>(buffers);
    }
  }

  /** One client thread's receipts; the lock is uncontended but for the final read. */
  private static final class Buffer {
    private long[] receipts = new long[1 << 16];
    private int size;

    synchronized void add(long receipt) {
      if (size == receipts.length) {
        receipts = Arrays.copyOf(receipts, size * 2);
      }
      receipts[size++] = receipt;
    }

    synchronized long[] snapshot() {
      return Arrays.copyOf(receipts, size);
    }
  }
}
