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

  @Test
  void theKeystorePasswordIsNotOnTheCommandLineButInAnArgumentFileTheJdkReads() {
    String password = "pa ss\"word\\x";

    java.util.List<String> command =
        PayaraMicro.command(
            Path.of("payara-micro.jar"),
            dir,
            8080,
            8181,
            dir.resolve("keystore.args"),
            java.util.List.of(Path.of("cairn-server.war")));
    String arguments = PayaraMicro.keystoreArguments("/data/tls/cairn.p12", password);

    assertThat(String.join(" ", command))
        .doesNotContain("pa ss")
        .doesNotContain("keyStorePassword");
    assertThat(command).contains("@" + dir.resolve("keystore.args"));
    assertThat(command.indexOf("@" + dir.resolve("keystore.args")))
        .isLessThan(command.indexOf("-jar"));
    assertThat(arguments)
        .contains("\"-Djavax.net.ssl.keyStorePassword=pa ss\\\"word\\\\x\"")
        .contains("\"-Djavax.net.ssl.keyStore=/data/tls/cairn.p12\"");
  }

  @Test
  void theJdkReadsTheKeystorePasswordFromTheArgumentFile() throws Exception {
    Path args = dir.resolve("keystore.args");
    PrivateFile.write(args, PayaraMicro.keystoreArguments("/k.p12", "s3 \"cr\\t"));

    Process jvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + args,
                "-XshowSettings:properties",
                "-version")
            .redirectErrorStream(true)
            .start();
    String out = new String(jvm.getInputStream().readAllBytes());

    assertThat(jvm.waitFor()).isZero();
    assertThat(out).contains("javax.net.ssl.keyStorePassword = s3 \"cr\\t");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(args)))
        .isEqualTo("rw-------");
  }
}
