package io.regionaledge.operator;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The two log formats of logback.xml. Logback configures itself from the environment when the first
 * logger is made; a {@code --log-format} flag is only known after parsing, so {@link #apply()} sets
 * the property the file reads and has logback read the file again.
 */
public enum LogFormat {
  json,
  plain;

  /** The variable logback.xml reads (system property first, then environment). */
  public static final String PROPERTY = "REGIONALEDGE_LOG_FORMAT";

  public void apply() {
    if (name().equals(System.getProperty(PROPERTY))) {
      return;
    }
    System.setProperty(PROPERTY, name());
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return; // embedded in a program with another slf4j backend: its configuration rules
    }
    context.reset();
    try {
      new ContextInitializer(context).autoConfig();
    } catch (JoranException e) {
      throw new IllegalStateException("cannot reload the logging configuration", e);
    }
  }
}
