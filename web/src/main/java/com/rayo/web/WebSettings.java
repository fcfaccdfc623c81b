package com.rayo.web;

import java.nio.file.Path;

import com.typesafe.config.Config;

/**
 * The web listener's settings ({@code rayo.web.*} in the gateway's configuration file;
 * every key and default in this module's reference.conf).
 */
public record WebSettings(boolean enabled, String host, int port, Path realmFile, double maxRequestsPerSecond, int burst, java.time.Duration maxWait,
                          Path keystore, String keystorePassword) {
    public static final String ENABLED = "rayo.web.enabled";
    public static final String HOST = "rayo.web.host";
    public static final String PORT = "rayo.web.port";
    public static final String REALM_FILE = "rayo.web.realm-file";
    public static final String MAX_REQUESTS_PER_SECOND = "rayo.web.max-requests-per-second";
    public static final String BURST = "rayo.web.burst";
    public static final String MAX_WAIT = "rayo.web.max-wait";
    public static final String KEYSTORE = "rayo.web.https.keystore";
    public static final String KEYSTORE_PASSWORD = "rayo.web.https.password";

    public WebSettings(boolean enabled, String host, int port, Path realmFile, double maxRequestsPerSecond, int burst, java.time.Duration maxWait) {
        this(enabled, host, port, realmFile, maxRequestsPerSecond, burst, maxWait, null, null);
    }

    /** Whether the listener speaks HTTPS (a keystore is configured). */
    public boolean https() { return keystore != null; }

    /** The same listener over HTTPS with this PKCS#12 keystore. */
    public WebSettings withHttps(Path keystore, String password) {
        return new WebSettings(enabled, host, port, realmFile, maxRequestsPerSecond, burst, maxWait, keystore, password);
    }

    /** {@code http(s)://host:port} of the listener. */
    public String origin() { return (https() ? "https" : "http") + "://" + host + ":" + port; }

    /** Listener defaults for tests and tools: pacing as in reference.conf. */
    public static WebSettings local(int port, Path realmFile) {
        return new WebSettings(true, "127.0.0.1", port, realmFile, 50, 100, java.time.Duration.ofSeconds(2));
    }

    /** @param home the folder relative realm-file paths are resolved against */
    public static WebSettings from(Config c, Path home) {
        Path realm = Path.of(c.getString(REALM_FILE));
        String ks = c.hasPath(KEYSTORE) ? c.getString(KEYSTORE).trim() : "";
        Path keystore = ks.isEmpty() ? null : Path.of(ks).isAbsolute() ? Path.of(ks) : home.resolve(ks);
        return new WebSettings(c.getBoolean(ENABLED), c.getString(HOST), c.getInt(PORT), realm.isAbsolute() ? realm : home.resolve(realm),
                c.getDouble(MAX_REQUESTS_PER_SECOND), c.getInt(BURST), c.getDuration(MAX_WAIT), keystore,
                c.hasPath(KEYSTORE_PASSWORD) ? c.getString(KEYSTORE_PASSWORD) : "");
    }
}
