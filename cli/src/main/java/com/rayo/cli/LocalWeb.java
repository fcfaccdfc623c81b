package com.rayo.cli;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

import com.rayo.web.WebServer;
import com.rayo.web.WebSettings;
import com.typesafe.config.ConfigFactory;

/**
 * How the local tools (status, state, drain) reach the running gateway's admin web: its settings as
 * the running cluster has them, and connections that speak HTTPS when it does, trusting the
 * certificate of its own keystore (bin/rayo up --tls makes a self-signed one).
 */
final class LocalWeb {
    private LocalWeb() {}

    /** The running local cluster's settings file when there is one, else conf/gateway.conf. */
    static Path configFile(Path root) {
        Path running = root.resolve("var/gateway.conf");
        return Files.exists(running) ? running : root.resolve("conf/gateway.conf");
    }

    /** Only the web keys: the whole gateway configuration would be validated for nothing. */
    static WebSettings settings(Path root) {
        return WebSettings.from(ConfigFactory.parseFile(configFile(root).toFile()).withFallback(ConfigFactory.defaultReference()).resolve(), root);
    }

    /** {@code http(s)://host:port/rayo/} */
    static String consoleUrl(WebSettings web) { return web.origin() + WebServer.CONTEXT + "/"; }

    /** A connection to a path under /rayo (HttpURLConnection: HttpClient sets up TLS at creation, half a second for a plain local request). */
    static HttpURLConnection open(WebSettings web, String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(web.origin() + WebServer.CONTEXT + path).toURL().openConnection();
        if (c instanceof HttpsURLConnection s) {
            s.setSSLSocketFactory(trusting(web).getSocketFactory());
            s.setHostnameVerifier((host, session) -> true); // the certificate is pinned: it is the web's own keystore
        }
        return c;
    }

    private static SSLContext trusting(WebSettings web) throws IOException {
        try {
            return com.rayo.testkit.SelfSignedKey.trusting(web.keystore(), web.keystorePassword());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust the web keystore " + web.keystore() + ": " + e.getMessage(), e);
        }
    }
}
