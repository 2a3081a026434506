package dev.cairn.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each scalar's value rule accepts the values AppSync accepts and rejects the others. */
class ScalarTest {

  @ParameterizedTest(name = "{0} accepts {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ID|any-thing",
        "String|",
        "Int|-2147483648",
        "Float|1.5e3",
        "Boolean|true",
        "AWSDate|2024-05-31",
        "AWSDate|2024-05-31Z",
        "AWSDate|2024-05-31+02:00",
        "AWSTime|14:30",
        "AWSTime|14:30:00.123Z",
        "AWSDateTime|2024-05-31T14:30:00Z",
        "AWSDateTime|2024-05-31T14:30:00.5-07:00",
        "AWSTimestamp|1717165800",
        "AWSEmail|ops@example.com",
        "AWSJSON|{\"a\": [1, 2.5e-1, true, null, \"x\\u0041\"]}",
        "AWSJSON|42",
        "AWSURL|https://example.com/a?b=c",
        "AWSURL|mailto:ops@example.com",
        "AWSPhone|+1 555-0100",
        "AWSPhone|5550100",
        "AWSIPAddress|192.0.2.1",
        "AWSIPAddress|10.0.0.0/8",
        "AWSIPAddress|2001:db8::1",
        "AWSIPAddress|::1/128"
      })
  void acceptsValidValue(Scalar scalar, String value) {
    assertThat(scalar.check(value == null ? "" : value)).isEmpty();
  }

  @ParameterizedTest(name = "{0} rejects {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Int|2147483648",
        "Int|1.0",
        "Float|one",
        "Boolean|yes",
        "AWSDate|2024-13-01",
        "AWSDate|31/05/2024",
        "AWSTime|24:00",
        "AWSDateTime|2024-05-31T14:30:00",
        "AWSDateTime|2024-05-31 14:30:00Z",
        "AWSTimestamp|1717165800.5",
        "AWSEmail|ops.example.com",
        "AWSJSON|{a: 1}",
        "AWSJSON|[1,]",
        "AWSURL|example.com/a",
        "AWSURL|https://example.com//a",
        "AWSPhone|call me",
        "AWSIPAddress|256.0.0.1",
        "AWSIPAddress|example.com",
        "AWSIPAddress|10.0.0.0/33"
      })
  void rejectsInvalidValueSayingWhatIsExpected(Scalar scalar, String value) {
    assertThat(scalar.check(value))
        .hasValueSatisfying(
            problem ->
                assertThat(problem).contains("`" + value + "` is not a valid " + scalar.name()));
  }
}
