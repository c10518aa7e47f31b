package io.regionaledge.proxy;

/** A {@code HOST:PORT} pair as written on the command line; IPv6 hosts in brackets. */
record HostPort(String host, int port) {

  static HostPort parse(String text, int defaultPort) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty address");
    }
    String host = text;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("invalid address '" + text + "'");
      }
      host = text.substring(1, close);
      if (close + 1 < text.length()) {
        if (text.charAt(close + 1) != ':') {
          throw new IllegalArgumentException("invalid address '" + text + "'");
        }
        port = text.substring(close + 2);
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon >= 0) {
        host = text.substring(0, colon);
        port = text.substring(colon + 1);
      }
    }
    if (host.isEmpty() || !host.matches("[A-Za-z0-9.:_-]+")) {
      throw new IllegalArgumentException("invalid host in '" + text + "'");
    }
    int p = defaultPort;
    if (port != null) {
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        p = -1;
      }
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("invalid port in '" + text + "'");
    }
    return new HostPort(host, p);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
