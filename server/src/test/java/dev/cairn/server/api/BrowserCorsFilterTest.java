package dev.cairn.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrowserCorsFilterTest {
  @Test
  void aPreflightsListOfHeaderNamesIsAllowedAsAsked() {
    assertThat(BrowserCorsFilter.allowedHeaders("content-type,x-api-key,x-amz-user-agent"))
        .isEqualTo("content-type,x-api-key,x-amz-user-agent");
    assertThat(BrowserCorsFilter.allowedHeaders(" authorization , content-type "))
        .isEqualTo("authorization , content-type");
  }

  @Test
  void anythingButAPlainListOfHeaderNamesIsNotEchoed() {
    assertThat(BrowserCorsFilter.allowedHeaders(null)).isNull();
    assertThat(BrowserCorsFilter.allowedHeaders("")).isNull();
    assertThat(BrowserCorsFilter.allowedHeaders("x-api-key\r\nSet-Cookie: a=b")).isNull();
    assertThat(BrowserCorsFilter.allowedHeaders("x-api-key; evil")).isNull();
    assertThat(BrowserCorsFilter.allowedHeaders("a,,b")).isNull();
    assertThat(BrowserCorsFilter.allowedHeaders("x,".repeat(1100) + "x")).isNull();
  }

  @Test
  void aPreflightsAnswerAllowsPostFromAnyOriginAndEchoesOnlyAPlainHeaderList() {
    assertThat(BrowserCorsFilter.preflightHeaders("content-type, x-api-key"))
        .containsExactly(
            Map.entry("Access-Control-Allow-Origin", "*"),
            Map.entry("Access-Control-Allow-Methods", "POST"),
            Map.entry("Access-Control-Allow-Headers", "content-type, x-api-key"),
            Map.entry("Access-Control-Max-Age", BrowserCorsFilter.MAX_AGE));
    assertThat(BrowserCorsFilter.preflightHeaders("x-api-key\r\nSet-Cookie: a=b"))
        .doesNotContainKey("Access-Control-Allow-Headers");
  }

  @Test
  void onlyAnOptionsRequestWithOriginAndARequestedMethodIsAPreflight() {
    Map<String, String> preflight =
        Map.of("Origin", "https://app.example", "Access-Control-Request-Method", "POST");
    assertThat(BrowserCorsFilter.isPreflight("OPTIONS", preflight::get)).isTrue();
    assertThat(BrowserCorsFilter.isPreflight("POST", preflight::get)).isFalse();
    assertThat(BrowserCorsFilter.isPreflight("OPTIONS", Map.of("Origin", "https://a.example")::get))
        .isFalse();
  }
}
