package io.regionaledge.testkit.kube;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The canonical form the API server stores a resource.Quantity in, so "0.5" comes back "500m" and
 * "1024Mi" comes back "1Gi". Follows k8s.io/apimachinery pkg/api/resource/quantity.go:
 * ParseQuantity (format from the suffix; precision below 1n rounded up) and CanonicalizeBytes
 * (BinarySI falls back to DecimalSI below 1024 or when not integral; otherwise the largest
 * exponent, a multiple of 3 for decimal and of 10 bits for binary, that keeps the number integral).
 */
public final class Quantities {
  private static final Pattern QUANTITY =
      Pattern.compile(
          "^([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$");
  private static final Map<String, Integer> DECIMAL =
      Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
  private static final Map<String, Integer> BINARY =
      Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
  private static final String[] DECIMAL_SUFFIX = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
  private static final String[] BINARY_SUFFIX = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  private Quantities() {}

  /** The canonical string, or throws with the API server's message for a malformed quantity. */
  public static String canonical(String text) {
    Matcher m = QUANTITY.matcher(text.trim());
    if (!m.matches()) {
      // quantity.go ErrFormatWrong
      throw new IllegalArgumentException(
          "quantities must match the regular expression "
              + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }
    BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
    String suffix = m.group(2) == null ? "" : m.group(2);
    String format;
    BigDecimal value;
    if (BINARY.containsKey(suffix)) {
      format = "BinarySI";
      value = number.multiply(new BigDecimal(BigInteger.TWO.pow(BINARY.get(suffix))));
    } else if (DECIMAL.containsKey(suffix)) {
      format = "DecimalSI";
      value = number.scaleByPowerOfTen(DECIMAL.get(suffix));
    } else {
      format = "DecimalExponent";
      value = number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    }
    // ParseQuantity: anything finer than a nano-unit is rounded up (away from zero).
    value = value.setScale(9, RoundingMode.UP).stripTrailingZeros();
    if (value.signum() == 0) {
      return "0";
    }
    if (format.equals("BinarySI")) {
      boolean small = value.abs().compareTo(BigDecimal.valueOf(1024)) < 0;
      boolean integral = value.stripTrailingZeros().scale() <= 0;
      if (small || !integral) {
        format = "DecimalSI";
      } else {
        BigInteger v = value.toBigIntegerExact();
        int step = 0;
        BigInteger k1024 = BigInteger.valueOf(1024);
        while (step < 6 && v.mod(k1024).signum() == 0) {
          v = v.divide(k1024);
          step++;
        }
        return v + BINARY_SUFFIX[step];
      }
    }
    // AsCanonicalBytes: the largest exponent (multiple of 3, at least -9) keeping an integer
    // mantissa.
    int exponent = -9;
    BigDecimal mantissa = value.scaleByPowerOfTen(9);
    while (exponent < 18) {
      BigDecimal next = mantissa.scaleByPowerOfTen(-3);
      if (next.stripTrailingZeros().scale() > 0) {
        break;
      }
      mantissa = next;
      exponent += 3;
    }
    String digits = mantissa.setScale(0, RoundingMode.UNNECESSARY).toPlainString();
    if (format.equals("DecimalExponent")) {
      return exponent == 0 ? digits : digits + "e" + exponent;
    }
    return digits + DECIMAL_SUFFIX[(exponent + 9) / 3];
  }
}
