package dev.cairn.server.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.JsonJava;
import jakarta.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {
  private final JsonLogFormatter formatter = new JsonLogFormatter("node-a");

  @Test
  void aRecordWrittenDuringARequestIsOneJsonLineWithTheRequestIdAndTenant() {
    LogRecord record = new LogRecord(Level.WARNING, "schema {0} of {1}\nrejected");
    record.setParameters(new Object[] {3, "shop"});
    record.setLoggerName("dev.cairn.server.tenancy.Schemas");
    record.setThrown(new IllegalStateException("boom"));

    String line;
    try (LogContext.Scope scope = LogContext.open("req-1", "shop")) {
      line = formatter.format(record);
    }

    assertThat(line).endsWith(System.lineSeparator());
    assertThat(line.strip()).doesNotContain("\n");
    JsonObject json = JsonJava.readObject(line);
    assertThat(json.getString("level")).isEqualTo("WARNING");
    assertThat(json.getString("logger")).isEqualTo("dev.cairn.server.tenancy.Schemas");
    assertThat(json.getString("message")).isEqualTo("schema 3 of shop\nrejected");
    assertThat(json.getString("requestId")).isEqualTo("req-1");
    assertThat(json.getString("tenant")).isEqualTo("shop");
    assertThat(json.getString("node")).isEqualTo("node-a");
    assertThat(json.getString("error")).contains("IllegalStateException: boom");
    assertThat(json.getString("time")).endsWith("Z");
  }

  @Test
  void aRecordWrittenOutsideARequestHasNoRequestIdOrTenant() {
    JsonObject json = JsonJava.readObject(formatter.format(new LogRecord(Level.INFO, "started")));

    assertThat(json.containsKey("requestId")).isFalse();
    assertThat(json.containsKey("tenant")).isFalse();
    assertThat(json.getString("message")).isEqualTo("started");
  }

  @Test
  void closingAScopeRestoresTheOuterContext() {
    try (LogContext.Scope outer = LogContext.open("outer", "a")) {
      try (LogContext.Scope inner = LogContext.open("inner", null)) {
        assertThat(LogContext.current().requestId()).isEqualTo("inner");
      }
      assertThat(LogContext.current().requestId()).isEqualTo("outer");
    }
    assertThat(LogContext.current()).isNull();
  }

  @Test
  void theTenantComesFromGraphqlAndAdminPathsOnly() {
    assertThat(RequestContextFilter.tenantOf("/t/shop/graphql")).isEqualTo("shop");
    assertThat(RequestContextFilter.tenantOf("/api/admin/tenants/shop/flags")).isEqualTo("shop");
    assertThat(RequestContextFilter.tenantOf("/api/admin/tenants")).isNull();
    assertThat(RequestContextFilter.tenantOf("/t/NOT A SLUG/graphql")).isNull();
    assertThat(RequestContextFilter.tenantOf("/health/ready")).isNull();
  }

  @Test
  void aCallersRequestIdIsKeptOnlyWhenItIsAPlainShortToken() {
    assertThat(RequestContextFilter.requestId("lb-7f3a.1")).isEqualTo("lb-7f3a.1");
    assertThat(RequestContextFilter.requestId("a\"}\n{\"forged\":1")).hasSize(36);
    assertThat(RequestContextFilter.requestId("x".repeat(65))).hasSize(36);
    assertThat(RequestContextFilter.requestId(null)).hasSize(36);
  }

  @Test
  void anUnknownLogFormatIsRefusedNamingTheSetting() {
    assertThat(LogFormat.parse(" JSON ")).isTrue();
    assertThat(LogFormat.parse("text")).isFalse();
    assertThatThrownBy(() -> LogFormat.parse("xml"))
        .hasMessageContaining("CAIRN_LOG_FORMAT")
        .hasMessageContaining("`xml`");
  }
}
