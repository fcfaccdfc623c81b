package com.rayo.web;

import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/** The Admin MBean's setLogLevel: changes a logger's level in logback at run time. */
public final class LogLevels implements BiConsumer<String, String> {
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    @Override public void accept(String logger, String level) {
        if (logger == null || logger.isBlank()) throw new IllegalArgumentException("logger name is empty (e.g. com.rayo or ROOT)");
        String l = level == null ? "" : level.trim().toUpperCase(Locale.ROOT);
        if (l.equals("WARNING")) l = "WARN";
        if (!LEVELS.contains(l)) throw new IllegalArgumentException("unknown log level '" + level + "' (TRACE, DEBUG, INFO, WARN, ERROR, OFF)");
        if (!(LoggerFactory.getLogger(logger.trim()) instanceof Logger lb)) throw new IllegalStateException("logging is not logback here: levels cannot change at run time");
        lb.setLevel(Level.toLevel(l));
        LoggerFactory.getLogger(LogLevels.class).info("event=log-level logger={} level={}", logger.trim(), l);
    }
}
