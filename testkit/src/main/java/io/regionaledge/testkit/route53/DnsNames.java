package io.regionaledge.testkit.route53;

import java.util.Comparator;
import java.util.Locale;

/**
 * DNS name handling the way Route53 does it: lowercase, trailing dot, sorted by reversed labels.
 */
public final class DnsNames {
  private DnsNames() {}

  public static String normalize(String name) {
    if (name == null) return null;
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.startsWith("*.")) n = "\\052" + n.substring(1);
    return n.endsWith(".") ? n : n + ".";
  }

  /** True if {@code name} is {@code zone} or below it. */
  public static boolean inZone(String name, String zone) {
    return name.equals(zone) || name.endsWith("." + zone);
  }

  /**
   * Route53's listing order: ASCII order of the name with its labels reversed and a trailing dot
   * ("com.example.www."), so a parent sorts before its children and '-' sorts before '.'.
   */
  public static final Comparator<String> ORDER = Comparator.comparing(DnsNames::reversed);

  /** "www.example.com." -> "com.example.www." */
  public static String reversed(String name) {
    String[] l = labels(name);
    StringBuilder sb = new StringBuilder(name.length() + 1);
    for (int i = l.length - 1; i >= 0; i--) sb.append(l[i]).append('.');
    return sb.toString();
  }

  public static final Comparator<RecordSet.Key> KEY_ORDER =
      Comparator.comparing(RecordSet.Key::name, ORDER)
          .thenComparing(RecordSet.Key::type)
          .thenComparing(
              RecordSet.Key::setIdentifier, Comparator.nullsFirst(Comparator.naturalOrder()));

  private static String[] labels(String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return n.isEmpty() ? new String[0] : n.split("\\.");
  }
}
