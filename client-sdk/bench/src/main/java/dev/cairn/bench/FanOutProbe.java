package dev.cairn.bench;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one fan-out run observed: per write, when its mutation was acknowledged and how many
 * subscribers received it; latency from acknowledgement to each receipt in microseconds. Writes
 * carry their sequence number in the title as {@code b#<seq>#}, so a receipt is one string scan.
 */
final class FanOutProbe {
  private final AtomicLongArray ackNanos;
  private final AtomicIntegerArray delivered;
  private final int firstMeasured;
  private final Histogram latencyMicros = new ConcurrentHistogram(60_000_000L, 3);
  private final AtomicLong beforeAck = new AtomicLong();
  private final AtomicLong lastReceiptNanos = new AtomicLong();

  FanOutProbe(int writes, int warmUpWrites) {
    this.ackNanos = new AtomicLongArray(writes);
    this.delivered = new AtomicIntegerArray(writes);
    this.firstMeasured = warmUpWrites;
  }

  static String title(int seq) {
    return "b#" + seq + "#";
  }

  void acknowledged(int seq, long nanos) {
    ackNanos.set(seq, nanos);
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
    if (seq < 0 || seq >= delivered.length()) {
      return;
    }
    delivered.incrementAndGet(seq);
    lastReceiptNanos.set(now);
    if (seq < firstMeasured) {
      return;
    }
    long ack = ackNanos.get(seq);
    if (ack == 0) {
      // The frame overtook the HTTP response of its own mutation.
      beforeAck.incrementAndGet();
      latencyMicros.recordValue(0);
    } else {
      latencyMicros.recordValue(Math.max(0, (now - ack) / 1000));
    }
  }

  long deliveredMeasured() {
    long sum = 0;
    for (int i = firstMeasured; i < delivered.length(); i++) {
      sum += delivered.get(i);
    }
    return sum;
  }

  long deliveredTotal() {
    long sum = 0;
    for (int i = 0; i < delivered.length(); i++) {
      sum += delivered.get(i);
    }
    return sum;
  }

  Histogram latencyMicros() {
    return latencyMicros;
  }

  long beforeAck() {
    return beforeAck.get();
  }

  long lastReceiptNanos() {
    return lastReceiptNanos.get();
  }
}
