package dev.cairn.server.api;

import static org.assertj.core.api.Assertions.assertThat;

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
}
