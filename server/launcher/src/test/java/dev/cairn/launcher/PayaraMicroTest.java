package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayaraMicroTest {
  @TempDir Path dir;

  @Test
  void readyOnlyOncePayaraMicroHasLoggedThatEveryWarIsDeployed() throws IOException {
    Path log = dir.resolve("payara.log");
    Files.writeString(
        log,
        "[INFO] [javax.enterprise.system.core] cairn-server was successfully deployed in 9,321"
            + " milliseconds.\n");
    boolean whileDeploying = PayaraMicro.loggedReady(log);
    Files.writeString(
        log,
        "[2026-11-21T18:53:33.790+0000] [] [INFO] [] [PayaraMicro] [tid: _ThreadID=1] Payara Micro"
            + " 6.2025.10 (build 42) ready in 52,247 (ms)\n",
        java.nio.file.StandardOpenOption.APPEND);

    assertThat(whileDeploying).isFalse();
    assertThat(PayaraMicro.loggedReady(log)).isTrue();
    assertThat(PayaraMicro.loggedReady(dir.resolve("missing.log"))).isFalse();
  }
}
