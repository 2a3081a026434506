package dev.cairn.console.lifecycle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the console's HTTP requests in flight and refuses new ones once the node drains. A request
 * counts itself first and then checks whether the console still accepts, so a drain that stops
 * accepting and then reads the count never misses a request that was admitted. Holds the pass by
 * which the console's requests call the server WAR of the same node while it drains. Thread-safe.
 */
public final class ConsoleRequests implements InFlightRequestsMXBean {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final String pass;
  private volatile boolean accepting = true;

  public ConsoleRequests() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    this.pass = HexFormat.of().formatHex(random);
  }

  /**
   * Admits a request, or refuses it when the node drains.
   *
   * @return true when the caller must call {@link #finish} once the request is done
   */
  public boolean tryStart() {
    inFlight.incrementAndGet();
    if (accepting) {
      return true;
    }
    inFlight.decrementAndGet();
    return false;
  }

  /** Marks a request admitted by {@link #tryStart} as done. */
  public void finish() {
    inFlight.decrementAndGet();
  }

  /** The value of the server's drain-pass header for calls made by this console's requests. */
  public String pass() {
    return pass;
  }

  @Override
  public int getInFlight() {
    return inFlight.get();
  }

  @Override
  public boolean isAccepting() {
    return accepting;
  }

  @Override
  public void stopAccepting() {
    accepting = false;
  }

  @Override
  public boolean vouchesFor(String candidate) {
    return candidate != null
        && inFlight.get() > 0
        && MessageDigest.isEqual(
            pass.getBytes(StandardCharsets.US_ASCII),
            candidate.getBytes(StandardCharsets.US_ASCII));
  }
}
