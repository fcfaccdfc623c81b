package com.rayo.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed keys for local servers: in a PKCS12 keystore made by the JDK's keytool (an admin web, a
 * Cassandra node's client port) or as PEM files made by openssl (XMPP servers), and a TLS context that
 * trusts exactly one.
 */
public final class SelfSignedKey {
    private SelfSignedKey() {}

    /** Makes {@code keystore} (replaced if present) with one key, {@code alias}, valid {@code days}. */
    public static void make(Path keystore, String password, String alias, int days) throws IOException, InterruptedException {
        Files.deleteIfExists(keystore);
        Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", Integer.toString(days),
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", password, "-keypass", password).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) throw new IllegalStateException("keytool could not make " + keystore + ": " + out);
    }

    /** A self-signed certificate and its unencrypted key as PEM files, made by openssl (an XMPP server's component listener). */
    public static void pem(Path certificate, Path key, String commonName) throws IOException, InterruptedException {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj", "/CN=" + commonName,
                "-keyout", key.toString(), "-out", certificate.toString()).redirectErrorStream(true).start();
        String out = new String(openssl.getInputStream().readAllBytes());
        if (openssl.waitFor() != 0) throw new IllegalStateException("openssl could not make " + certificate + ": " + out);
    }

    /** A client TLS context that trusts the certificate in {@code keystore} and nothing else. */
    public static SSLContext trusting(Path keystore, String password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, password.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }
}
