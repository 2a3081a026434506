package dev.cairn.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestContextFilterTest {
  @Test
  void aPlainOfferedIdIsKept() {
    assertThat(RequestContextFilter.requestId("lb-1234.abc:5")).isEqualTo("lb-1234.abc:5");
  }

  @Test
  void aMissingOrUnsafeOfferedIdIsReplacedByANewRandomVersion4Uuid() {
    Set<String> ids = new HashSet<>();
    for (String offered : new String[] {null, "", "has space", "x".repeat(65), "a\nb"}) {
      String id = RequestContextFilter.requestId(offered);
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.toString()).isEqualTo(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      ids.add(id);
    }
    assertThat(ids).hasSize(5);
  }

  @Test
  void newIdsAreRandomVersion4UuidsThatDoNotRepeat() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      UUID uuid = UUID.fromString(RequestContextFilter.newRequestId());
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      ids.add(uuid.toString());
    }
    assertThat(ids).hasSize(10_000);
  }
}
