package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherSettingsTest {
  private static final Path REPO = Path.of("/repo");

  @Test
  void embeddedDefaultsNeedNoEnvironment() {
    LauncherSettings settings = LauncherSettings.from(REPO, Map.of()).validate();

    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.httpsPort()).isEqualTo(8181);
    assertThat(settings.keycloakPort()).isEqualTo(8180);
    assertThat(settings.mongoPort()).isEqualTo(27017);
    assertThat(settings.dataDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".cairn"));
    assertThat(settings.externalMongoUri()).isEmpty();
    assertThat(settings.consoleUrl()).isEqualTo("http://localhost:8080/console");
    assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(240));
  }

  @Test
  void aSlowMachineCanGiveThePartsLongerToStart() {
    assertThat(
            LauncherSettings.from(REPO, Map.of("CAIRN_START_TIMEOUT_SECONDS", "600"))
                .startTimeout())
        .isEqualTo(Duration.ofSeconds(600));
    assertThatThrownBy(
            () -> LauncherSettings.from(REPO, Map.of("CAIRN_START_TIMEOUT_SECONDS", "10m")))
        .hasMessage(
            "CAIRN_START_TIMEOUT_SECONDS=10m is not a number of seconds (a whole number, at least"
                + " 1)");
    assertThatThrownBy(
            () -> LauncherSettings.from(REPO, Map.of("CAIRN_START_TIMEOUT_SECONDS", "0")))
        .hasMessageContaining("CAIRN_START_TIMEOUT_SECONDS=0");
  }

  @Test
  void aPortThatIsNotANumberIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> LauncherSettings.from(REPO, Map.of("CAIRN_HTTP_PORT", "80a")))
        .hasMessage("CAIRN_HTTP_PORT=80a is not a port number (1..65535)");
    assertThatThrownBy(() -> LauncherSettings.from(REPO, Map.of("CAIRN_MONGO_PORT", "70000")))
        .hasMessageContaining("CAIRN_MONGO_PORT=70000");
  }

  @Test
  void anExternalKeycloakNeedsTheConsoleClientSecret() {
    LauncherSettings settings =
        LauncherSettings.from(REPO, Map.of("CAIRN_KEYCLOAK_URL", "https://id.example.com"));

    assertThatThrownBy(settings::validate).hasMessageContaining("CAIRN_CONSOLE_CLIENT_SECRET");
  }

  @Test
  void externalPartsAreTakenFromTheEnvironment() {
    LauncherSettings settings =
        LauncherSettings.from(
                REPO,
                Map.of(
                    "CAIRN_MONGO_URI", "mongodb://db1,db2/?replicaSet=rs0",
                    "CAIRN_KEYCLOAK_URL", "https://id.example.com",
                    "CAIRN_CONSOLE_CLIENT_SECRET", "s3cret",
                    "CAIRN_DATA_DIR", "/srv/cairn"))
            .validate();

    assertThat(settings.externalMongoUri()).hasValue("mongodb://db1,db2/?replicaSet=rs0");
    assertThat(settings.externalKeycloakUrl()).hasValue("https://id.example.com");
    assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/cairn"));
  }
}
