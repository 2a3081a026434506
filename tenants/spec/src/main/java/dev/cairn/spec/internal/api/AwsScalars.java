package dev.cairn.spec.internal.api;

import dev.cairn.spec.Scalar;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * graphql-java scalar types for AppSync's AWS scalars, applying {@link Scalar#check}. AWSTimestamp
 * is a number (a {@code Long}); every other AWS scalar travels as a string.
 */
public final class AwsScalars {
  private AwsScalars() {}

  public static List<GraphQLScalarType> all() {
    List<GraphQLScalarType> out = new ArrayList<>();
    for (Scalar scalar : Scalar.values()) {
      if (scalar.name().startsWith("AWS")) {
        out.add(
            GraphQLScalarType.newScalar()
                .name(scalar.name())
                .description("AppSync " + scalar.name())
                .coercing(
                    scalar == Scalar.AWSTimestamp
                        ? new TimestampCoercing()
                        : new TextCoercing(scalar))
                .build());
      }
    }
    return out;
  }

  private record TextCoercing(Scalar scalar) implements Coercing<String, String> {
    @Override
    public String serialize(Object value, GraphQLContext context, Locale locale) {
      return value.toString();
    }

    @Override
    public String parseValue(Object input, GraphQLContext context, Locale locale) {
      if (!(input instanceof String text)) {
        throw new CoercingParseValueException(scalar.name() + " must be a string");
      }
      scalar
          .check(text)
          .ifPresent(
              problem -> {
                throw new CoercingParseValueException(problem);
              });
      return text;
    }

    @Override
    public String parseLiteral(
        Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
      if (!(input instanceof StringValue text)) {
        throw new CoercingParseLiteralException(scalar.name() + " must be a string literal");
      }
      scalar
          .check(text.getValue())
          .ifPresent(
              problem -> {
                throw new CoercingParseLiteralException(problem);
              });
      return text.getValue();
    }
  }

  private static final class TimestampCoercing implements Coercing<Long, Long> {
    @Override
    public Long serialize(Object value, GraphQLContext context, Locale locale) {
      if (value instanceof Number number) {
        return number.longValue();
      }
      throw new CoercingSerializeException("AWSTimestamp must be a number, got " + value);
    }

    @Override
    public Long parseValue(Object input, GraphQLContext context, Locale locale) {
      if (input instanceof Number number && number.doubleValue() == number.longValue()) {
        return number.longValue();
      }
      throw new CoercingParseValueException("AWSTimestamp must be a whole number, got " + input);
    }

    @Override
    public Long parseLiteral(
        Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
      if (input instanceof IntValue value) {
        return value.getValue().longValueExact();
      }
      throw new CoercingParseLiteralException("AWSTimestamp must be a whole number");
    }
  }
}
