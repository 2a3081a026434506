package dev.cairn.bench;

import java.lang.management.ManagementFactory;

/** This JVM's heap in use after full collections ({@code System.gc()}: a full GC under G1). */
final class Heap {
  private Heap() {}

  static long afterFullGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
