package dev.cairn.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ApiKeySecretsTest {
  @Test
  void theHashIsTheLowerCaseHexSha256OfTheWholeKey() {
    // FIPS 180-2 test vectors
    assertThat(ApiKeySecrets.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(ApiKeySecrets.hash(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void successiveHashesDoNotCarryStateOver() {
    String key = ApiKeySecrets.generate();
    String first = ApiKeySecrets.hash(key);
    ApiKeySecrets.hash(ApiKeySecrets.generate());
    assertThat(ApiKeySecrets.hash(key)).isEqualTo(first).hasSize(64);
  }

  @Test
  void concurrentHashesAreEachTheKeysOwn() throws Exception {
    List<String> keys = IntStream.range(0, 64).mapToObj(i -> ApiKeySecrets.generate()).toList();
    List<String> expected = keys.stream().map(ApiKeySecrets::hash).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> runs =
          IntStream.range(0, 8)
              .mapToObj(
                  t ->
                      pool.submit(
                          () -> {
                            for (int round = 0; round < 200; round++) {
                              for (int i = 0; i < keys.size(); i++) {
                                if (!ApiKeySecrets.hash(keys.get(i)).equals(expected.get(i))) {
                                  return false;
                                }
                              }
                            }
                            return true;
                          }))
              .toList();
      for (Future<Boolean> run : runs) {
        assertThat(run.get(120, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
