package dev.cairn.server.lifecycle;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the HTTP requests a WAR is handling and, once {@link #stopAccepting} was called, refuses
 * new ones, so that {@link #awaitIdle} can wait for the last one to finish. Thread-safe.
 */
public final class InFlightRequests implements InFlightRequestsMXBean {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private int count;
  private boolean accepting = true;

  /**
   * Admits a request, or refuses it when the node is draining.
   *
   * @return true when the caller must call {@link #finish} once the request is done
   */
  public boolean tryStart() {
    lock.lock();
    try {
      if (!accepting) {
        return false;
      }
      count++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Admits a request even while the node drains: one that an in-flight request of this node (the
   * console's) makes to finish its work. The caller must call {@link #finish} once it is done.
   */
  public void startVouched() {
    lock.lock();
    try {
      count++;
    } finally {
      lock.unlock();
    }
  }

  /** Marks a request admitted by {@link #tryStart} or {@link #startVouched} as done. */
  public void finish() {
    lock.lock();
    try {
      count--;
      if (count == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** From now on {@link #tryStart} refuses every request. */
  @Override
  public void stopAccepting() {
    lock.lock();
    try {
      accepting = false;
    } finally {
      lock.unlock();
    }
  }

  public boolean accepting() {
    lock.lock();
    try {
      return accepting;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isAccepting() {
    return accepting();
  }

  @Override
  public int getInFlight() {
    return count();
  }

  public int count() {
    lock.lock();
    try {
      return count;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no request is in flight or {@code bound} has passed.
   *
   * @return the number of requests still in flight (0 when all finished)
   */
  public int awaitIdle(Duration bound) throws InterruptedException {
    long remaining = bound.toNanos();
    lock.lock();
    try {
      while (count > 0 && remaining > 0) {
        remaining = idle.awaitNanos(remaining);
      }
      return count;
    } finally {
      lock.unlock();
    }
  }
}
