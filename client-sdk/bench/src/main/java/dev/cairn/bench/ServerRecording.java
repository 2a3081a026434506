package dev.cairn.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Java Flight Recording of the server under test, taken only while one measured phase runs (so
 * start-up, warm-up and the baselines do not dilute it), when {@code -Dbench.serverJfr=DIR} is
 * given: {@code DIR/<phase>.jfr}, with the settings of {@code -Dbench.jfrSettings} ({@code profile}
 * by default; a {@code .jfc} path for, e.g., a shorter sampling period). Deep stacks need {@code
 * -Dbench.serverJvmArgs=-XX:FlightRecorderOptions:stackdepth=256}: JFR's default of 64 frames cuts
 * Payara's request stacks before the frames that matter.
 */
final class ServerRecording {
  static final ServerRecording NONE = new ServerRecording(null, null);

  private final ChildProcess server;
  private final Path dir;

  private ServerRecording(ChildProcess server, Path dir) {
    this.server = server;
    this.dir = dir;
  }

  static ServerRecording of(ChildProcess server) {
    String dir = System.getProperty("bench.serverJfr", "").strip();
    return dir.isEmpty() ? NONE : new ServerRecording(server, Path.of(dir).toAbsolutePath());
  }

  void start(String phase) throws Exception {
    if (server == null) {
      return;
    }
    Files.createDirectories(dir);
    System.out.println(
        server.jcmd(
            "JFR.start",
            "name=" + phase,
            "settings=" + System.getProperty("bench.jfrSettings", "profile"),
            "filename=" + dir.resolve(phase + ".jfr")));
  }

  void stop(String phase) throws Exception {
    if (server == null) {
      return;
    }
    System.out.println(server.jcmd("JFR.stop", "name=" + phase));
  }
}
