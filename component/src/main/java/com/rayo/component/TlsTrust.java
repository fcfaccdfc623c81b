package com.rayo.component;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Encrypted component links (XEP-0114 itself is plaintext with a SHA-1 handshake): direct TLS to the
 * XMPP server's TLS port (Prosody 0.12: {@code ssl_ports} with mod_net_multiplex; ejabberd: a
 * {@code ejabberd_service} listener with {@code tls: true}), trusting the certificates of one PEM
 * file — the server's own (pinned) or its CA's. The pin is the server's identity here: host names are
 * not checked against it, as component links usually name an address.
 */
public final class TlsTrust {
    private final Path pem;
    private final SSLContext context;

    private TlsTrust(Path pem, SSLContext context) {
        this.pem = pem;
        this.context = context;
    }

    /**
     * A process's setting: {@code port} 0 means plaintext (null); a TLS port needs a trusted
     * certificate. {@code keys} names the two settings in errors ({@code rayo.gateway.xmpp.tls-}).
     */
    public static TlsTrust forPort(int port, String trust, String keys) {
        if (port == 0) return null;
        if (port < 0 || port > 65535) throw new IllegalArgumentException(keys + "port must be 0-65535, got " + port);
        if (trust == null || trust.isBlank()) throw new IllegalArgumentException(keys + "trust must name the PEM certificate to trust when " + keys + "port is set");
        return of(Path.of(trust.trim()));
    }

    /** Trusts every certificate in the PEM file; throws saying why when it is not one. */
    public static TlsTrust of(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) ks.setCertificateEntry("trusted-" + i++, c);
            if (i == 0) throw new IllegalArgumentException("no certificate in " + pem);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return new TlsTrust(pem, ctx);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the trusted certificate " + pem + ": " + e.getMessage(), e);
        }
    }

    /** Wraps a connected socket in TLS and completes the handshake (an untrusted server fails here). */
    Socket wrap(Socket plain, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        s.setUseClientMode(true);
        s.startHandshake();
        return s;
    }

    @Override public String toString() { return "TLS trusting " + pem; }
}
