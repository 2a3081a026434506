package dev.cairn.launcher;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The embedded mode's mail server: GreenMail (a real SMTP and IMAP server, from Maven Central) as a
 * child process on localhost, so that Keycloak's verification and password mails are really sent
 * and can be read. It accepts any recipient and any IMAP login (user = the address). Run as its own
 * JVM because its jar bundles Jersey, Jackson and Log4j, which must not meet the launcher's class
 * path.
 */
final class MailCatcher implements AutoCloseable {
  private final ManagedProcess process;
  private final int smtpPort;
  private final int imapPort;
  private final int apiPort;

  private MailCatcher(ManagedProcess process, int smtpPort, int imapPort, int apiPort) {
    this.process = process;
    this.smtpPort = smtpPort;
    this.imapPort = imapPort;
    this.apiPort = apiPort;
  }

  static MailCatcher start(
      Path jar, int smtpPort, int imapPort, int apiPort, Path workDir, Path log)
      throws IOException {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m",
            "-Dgreenmail.smtp.hostname=127.0.0.1",
            "-Dgreenmail.smtp.port=" + smtpPort,
            "-Dgreenmail.imap.hostname=127.0.0.1",
            "-Dgreenmail.imap.port=" + imapPort,
            "-Dgreenmail.api.hostname=127.0.0.1",
            "-Dgreenmail.api.port=" + apiPort,
            "-Dgreenmail.auth.disabled",
            "-jar",
            jar.toString());
    return new MailCatcher(
        ManagedProcess.start("GreenMail", command, workDir, Map.of(), log),
        smtpPort,
        imapPort,
        apiPort);
  }

  /** Waits until GreenMail's API reports it ready. */
  void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    process.awaitReady(
        () -> KeycloakServer.answers(http, apiUrl() + "/api/service/readiness"), timeout);
  }

  int smtpPort() {
    return smtpPort;
  }

  int imapPort() {
    return imapPort;
  }

  /** The REST API: {@code GET <api>/api/user/<address>/messages/INBOX} lists a user's mail. */
  String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
