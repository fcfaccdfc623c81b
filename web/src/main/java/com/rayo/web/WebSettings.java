package com.rayo.web;

import java.nio.file.Path;

import com.typesafe.config.Config;

/**
 * The web listener's settings ({@code rayo.web.*} in the gateway's configuration file;
 * every key and default in this module's reference.conf).
 */
public record WebSettings(boolean enabled, String host, int port, Path realmFile) {
    public static final String ENABLED = "rayo.web.enabled";
    public static final String HOST = "rayo.web.host";
    public static final String PORT = "rayo.web.port";
    public static final String REALM_FILE = "rayo.web.realm-file";

    /** @param home the folder relative realm-file paths are resolved against */
    public static WebSettings from(Config c, Path home) {
        Path realm = Path.of(c.getString(REALM_FILE));
        return new WebSettings(c.getBoolean(ENABLED), c.getString(HOST), c.getInt(PORT), realm.isAbsolute() ? realm : home.resolve(realm));
    }
}
