package io.regionaledge.testkit.route53;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Minimal DOM reading and string writing for Route53's XML, with the JDK only. */
final class Xml {
  static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";

  private Xml() {}

  /** Parses a request body; malformed XML is the client's fault, as Route53 reports it. */
  static El parse(byte[] body) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return new El(
          f.newDocumentBuilder().parse(new ByteArrayInputStream(body)).getDocumentElement());
    } catch (Exception e) {
      throw new ApiException(
          400, "MalformedInput", "Could not parse the request body as XML: " + e.getMessage());
    }
  }

  /** A read-only view of an element, matching children by local name. */
  static final class El {
    private final Element e;

    El(Element e) {
      this.e = e;
    }

    String name() {
      return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    List<El> children(String name) {
      List<El> out = new ArrayList<>();
      for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element c) {
          El el = new El(c);
          if (el.name().equals(name)) out.add(el);
        }
      }
      return out;
    }

    Optional<El> child(String name) {
      List<El> c = children(name);
      return c.isEmpty() ? Optional.empty() : Optional.of(c.get(0));
    }

    /** The text of a direct child, or null when absent. */
    String text(String name) {
      return child(name).map(El::text).orElse(null);
    }

    String text() {
      return e.getTextContent().trim();
    }

    /** The texts of {@code outer/inner} elements, e.g. ResourceIds/ResourceId. */
    List<String> texts(String outer, String inner) {
      return child(outer)
          .map(o -> o.children(inner).stream().map(El::text).toList())
          .orElse(List.of());
    }
  }

  /** Appends escaped XML; callers build documents element by element. */
  static final class Writer {
    private final StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n");

    Writer open(String name) {
      sb.append('<').append(name).append('>');
      return this;
    }

    Writer openRoot(String name) {
      sb.append('<').append(name).append(" xmlns=\"").append(NS).append("\">");
      return this;
    }

    Writer close(String name) {
      sb.append("</").append(name).append('>');
      return this;
    }

    /** Writes {@code <name>value</name>}, skipping null values as Route53 omits absent fields. */
    Writer el(String name, Object value) {
      if (value == null) return this;
      sb.append('<').append(name).append('>');
      escape(String.valueOf(value));
      return close(name);
    }

    private void escape(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '<' -> sb.append("&lt;");
          case '>' -> sb.append("&gt;");
          case '&' -> sb.append("&amp;");
          case '"' -> sb.append("&quot;");
          default -> sb.append(c);
        }
      }
    }

    @Override
    public String toString() {
      return sb.toString();
    }
  }
}
