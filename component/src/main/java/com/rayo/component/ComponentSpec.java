package com.rayo.component;

import java.time.Duration;

/**
 * Where and as whom a component connects.
 *
 * @param serverDomain the XMPP server's own domain, pinged (XEP-0199) to find dead links
 * @param maxStanzaBytes larger inbound stanzas are refused with policy-violation
 * @param sendQueueLimit stanzas kept while disconnected; beyond it the oldest are dropped (and counted)
 * @param guard who decides whether this process may hold the domain (standby gateways); null: each
 *              connection holds it until replaced ({@link DomainGuard#untilReplaced()})
 * @param tls null: plaintext (XEP-0114 as is); else the link is direct TLS to {@code port}, trusting that
 *            certificate
 */
public record ComponentSpec(String host, int port, String domain, String secret, String serverDomain,
                            Duration pingInterval, Duration pingTimeout, int maxStanzaBytes, int sendQueueLimit, DomainGuard guard,
                            TlsTrust tls) {
    public static final int DEFAULT_MAX_STANZA_BYTES = 64 * 1024;

    public ComponentSpec {
        if (domain == null || domain.isBlank()) throw new IllegalArgumentException("component domain is empty");
        if (secret == null) throw new IllegalArgumentException("component secret for " + domain + " is missing");
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("bad component port " + port);
    }

    public static ComponentSpec of(String host, int port, String domain, String secret, String serverDomain) {
        return new ComponentSpec(host, port, domain, secret, serverDomain, Duration.ofSeconds(5), Duration.ofSeconds(3),
                DEFAULT_MAX_STANZA_BYTES, 100_000, null, null);
    }

    public ComponentSpec withPing(Duration interval, Duration timeout) {
        return new ComponentSpec(host, port, domain, secret, serverDomain, interval, timeout, maxStanzaBytes, sendQueueLimit, guard, tls);
    }

    public ComponentSpec withMaxStanzaBytes(int max) {
        return new ComponentSpec(host, port, domain, secret, serverDomain, pingInterval, pingTimeout, max, sendQueueLimit, guard, tls);
    }

    public ComponentSpec withGuard(DomainGuard g) {
        return new ComponentSpec(host, port, domain, secret, serverDomain, pingInterval, pingTimeout, maxStanzaBytes, sendQueueLimit, g, tls);
    }

    /** Direct TLS to {@code tlsPort} of the XMPP server, trusting {@code trust} (null: keep plaintext). */
    public ComponentSpec withTls(int tlsPort, TlsTrust trust) {
        if (trust == null) return this;
        return new ComponentSpec(host, tlsPort, domain, secret, serverDomain, pingInterval, pingTimeout, maxStanzaBytes, sendQueueLimit, guard, trust);
    }
}
