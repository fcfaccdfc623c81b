package com.rayo.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.rayo.component.Secrets;
import com.rayo.gateway.admission.RateLimiter;
import com.rayo.gateway.routing.OfferPolicies;
import com.rayo.gateway.selection.SelectionSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;

/**
 * The gateway's settings. Every key is a constant here and documented with its default
 * in reference.conf (see docs/configuration.md); deployments override in conf/gateway.conf.
 */
public final class GatewayConfig {
    public static final String XMPP_HOST = "rayo.gateway.xmpp.host";
    public static final String XMPP_PORT = "rayo.gateway.xmpp.port";
    public static final String XMPP_SERVER_DOMAIN = "rayo.gateway.xmpp.server-domain";
    public static final String XMPP_TRANSPORT = "rayo.gateway.xmpp.transport";
    public static final String XMPP_TLS_PORT = "rayo.gateway.xmpp.tls-port";
    public static final String XMPP_TLS_TRUST = "rayo.gateway.xmpp.tls-trust";
    public static final String XMPP_PING_INTERVAL = "rayo.gateway.xmpp.ping-interval";
    public static final String XMPP_PING_TIMEOUT = "rayo.gateway.xmpp.ping-timeout";
    public static final String XMPP_MAX_STANZA_BYTES = "rayo.gateway.xmpp.max-stanza-bytes";
    public static final String EXTERNAL_DOMAIN = "rayo.gateway.external.domain";
    public static final String EXTERNAL_SECRET = "rayo.gateway.external.secret";
    public static final String EXTERNAL_PORT = "rayo.gateway.external.port";
    public static final String INTERNAL_DOMAIN = "rayo.gateway.internal.domain";
    public static final String INTERNAL_SECRET = "rayo.gateway.internal.secret";
    public static final String INTERNAL_PORT = "rayo.gateway.internal.port";
    public static final String NODE_DOMAINS = "rayo.gateway.nodes.allowed-domains";
    public static final String DIAL_TIMEOUT = "rayo.gateway.dial.timeout";
    public static final String DIAL_MAX_RETRIES = "rayo.gateway.dial.max-retries";
    public static final String DIAL_LATE_ANSWER_GRACE = "rayo.gateway.dial.late-answer-grace";
    public static final String COMMAND_TIMEOUT = "rayo.gateway.command-timeout";
    public static final String APPLICATIONS = "rayo.gateway.applications";
    public static final String ID = "rayo.gateway.id";
    public static final String DIAL_RATE_LIMIT = "rayo.gateway.dial.rate-limit";
    public static final String HEALTH = "rayo.gateway.health";
    public static final String SELECTION = "rayo.gateway.selection";
    public static final String OFFERS = "rayo.gateway.offers";
    public static final String QUIESCE = "rayo.gateway.quiesce";
    public static final String PLATFORMS = "rayo.gateway.platforms";
    public static final String CLUSTER = "rayo.gateway.cluster";
    public static final String STORE = "rayo.gateway.store";
    public static final String STORE_TYPE = STORE + ".type";

    private final Config config;

    private GatewayConfig(Config config) {
        this.config = config;
    }

    /** Defaults from reference.conf, overridden by the file when given. */
    public static GatewayConfig load(Path file) {
        Config base = ConfigFactory.defaultReference();
        if (file == null) return new GatewayConfig(base.resolve());
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("gateway config file not found: " + file);
        return from(ConfigFactory.parseFile(file.toFile()).withFallback(base));
    }

    /** For tests and embedding: overrides given as HOCON text. */
    public static GatewayConfig fromString(String hocon) {
        return from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()));
    }

    private static GatewayConfig from(Config c) {
        GatewayConfig g = new GatewayConfig(c.resolve());
        g.validate();
        return g;
    }

    /** Fails at start, naming the key, rather than at the first call. */
    private void validate() {
        try {
            xmppHost(); xmppPort(); externalPort(); internalPort(); serverDomain(); transport(); xmppTls(); pingInterval(); pingTimeout(); maxStanzaBytes();
            externalDomain(); externalSecret(); internalDomain(); internalSecret(); nodeDomains();
            dialTimeout(); dialMaxRetries(); lateAnswerGrace(); commandTimeout(); applications(); gatewayId();
            if (!storeType().equals("memory")) storeSettings();
            health(); selection(); offerPolicies(); dialRateLimits(); quiesce(); platforms(); membership(); broadcastPollInterval(); broadcastTimeout();
            storeWriteLanes(); storeQueueCapacity(); storeWriteLinger(); storeConfirmTimeout(); storeRefreshInterval(); storeStartupTimeout();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("bad gateway configuration: " + e.getMessage(), e);
        }
        try {
            lease();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad gateway configuration: " + CLUSTER + ": " + e.getMessage(), e);
        }
        if (externalDomain().equals(internalDomain())) throw new IllegalArgumentException("bad gateway configuration: " + EXTERNAL_DOMAIN + " and " + INTERNAL_DOMAIN + " must differ");
        if (!storeType().equals("memory") && !storeType().equals("cassandra")) throw new IllegalArgumentException("bad gateway configuration: " + STORE_TYPE + " must be cassandra or memory, got " + storeType());
        if (dialMaxRetries() < 0) throw new IllegalArgumentException("bad gateway configuration: " + DIAL_MAX_RETRIES + " must be >= 0");
        try {
            Secrets.checkUsable(EXTERNAL_SECRET, externalSecret(), xmppHost());
            Secrets.checkUsable(INTERNAL_SECRET, internalSecret(), xmppHost());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad gateway configuration: " + e.getMessage(), e);
        }
    }

    /** Settings a running gateway keeps until restarted (a reload says when they changed in the file). */
    public static final java.util.List<String> RESTART_ONLY = java.util.List.of(EXTERNAL_DOMAIN, INTERNAL_DOMAIN, EXTERNAL_SECRET, INTERNAL_SECRET,
            XMPP_HOST, XMPP_PORT, XMPP_TRANSPORT, XMPP_TLS_PORT, XMPP_TLS_TRUST, NODE_DOMAINS, DIAL_TIMEOUT, COMMAND_TIMEOUT, STORE);

    public Config raw() { return config; }
    public String xmppHost() { return config.getString(XMPP_HOST); }
    public int xmppPort() { return config.getInt(XMPP_PORT); }
    public String serverDomain() { return config.getString(XMPP_SERVER_DOMAIN); }
    public String transport() { return config.getString(XMPP_TRANSPORT); }

    /** The component links' TLS (port and trusted certificate), or null when plaintext. */
    public com.rayo.component.TlsTrust xmppTls() { return com.rayo.component.TlsTrust.forPort(xmppTlsPort(), config.getString(XMPP_TLS_TRUST), "rayo.gateway.xmpp.tls-"); }

    public int xmppTlsPort() { return config.getInt(XMPP_TLS_PORT); }
    public Duration pingInterval() { return config.getDuration(XMPP_PING_INTERVAL); }
    public Duration pingTimeout() { return config.getDuration(XMPP_PING_TIMEOUT); }
    public int maxStanzaBytes() { return config.getInt(XMPP_MAX_STANZA_BYTES); }
    public String externalDomain() { return config.getString(EXTERNAL_DOMAIN); }
    public String externalSecret() { return config.getString(EXTERNAL_SECRET); }
    /** xmpp.port unless the domain has a listener of its own (ejabberd). */
    public int externalPort() { return config.hasPath(EXTERNAL_PORT) ? config.getInt(EXTERNAL_PORT) : xmppPort(); }
    public String internalDomain() { return config.getString(INTERNAL_DOMAIN); }
    public String internalSecret() { return config.getString(INTERNAL_SECRET); }
    public int internalPort() { return config.hasPath(INTERNAL_PORT) ? config.getInt(INTERNAL_PORT) : xmppPort(); }
    public List<String> nodeDomains() { return config.getStringList(NODE_DOMAINS); }
    public Duration dialTimeout() { return config.getDuration(DIAL_TIMEOUT); }
    public int dialMaxRetries() { return config.getInt(DIAL_MAX_RETRIES); }
    public Duration lateAnswerGrace() { return config.getDuration(DIAL_LATE_ANSWER_GRACE); }
    public Duration commandTimeout() { return config.getDuration(COMMAND_TIMEOUT); }

    public String gatewayId() {
        String id = config.getString(ID);
        if (!id.isBlank()) return id;
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "gateway";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    public String storeType() { return config.getString(STORE_TYPE); }
    public int storeWriteLanes() { return config.getInt(STORE + ".write-lanes"); }
    public int storeQueueCapacity() { return config.getInt(STORE + ".write-queue-capacity"); }
    public Duration storeWriteLinger() { return config.getDuration(STORE + ".write-linger"); }
    public Duration storeConfirmTimeout() {
        Duration d = config.getDuration(STORE + ".confirm-timeout");
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(STORE + ".confirm-timeout must be positive (was " + d + ")");
        return d;
    }
    public Duration storeRefreshInterval() { return config.getDuration(STORE + ".refresh-interval"); }
    public Duration storeStartupTimeout() { return config.getDuration(STORE + ".startup-timeout"); }

    /** How to reach Cassandra; contact points as host:port. */
    public com.rayo.cassandra.store.StoreSettings storeSettings() {
        Config s = config.getConfig(STORE);
        List<java.net.InetSocketAddress> points = s.getStringList("contact-points").stream().map(GatewayConfig::hostPort).toList();
        String truststore = s.getString("tls.truststore");
        return new com.rayo.cassandra.store.StoreSettings(points, s.getString("local-datacenter"), s.getString("keyspace"),
                s.getString("replication"), s.getString("consistency"), s.getString("serial-consistency"),
                s.getString("username").isBlank() ? null : s.getString("username"), s.getString("password"),
                truststore.isBlank() ? null : Path.of(truststore), s.getString("tls.truststore-password"),
                s.getDuration("request-timeout"), s.getDuration("history-ttl"));
    }

    private static java.net.InetSocketAddress hostPort(String hp) {
        int colon = hp.lastIndexOf(':');
        try {
            return colon < 0 ? new java.net.InetSocketAddress(hp, 9042) : new java.net.InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad gateway configuration: contact point '" + hp + "' is not host:port");
        }
    }

    public com.rayo.gateway.health.HealthSettings health() {
        Config h = config.getConfig(HEALTH);
        return new com.rayo.gateway.health.HealthSettings(h.getDuration("probe-interval"), h.getDuration("probe-timeout"), h.getInt("failed-probes"),
                h.getDuration("down-probe-max"), h.getInt("blacklist.dial-failures"), h.getDuration("blacklist.duration"));
    }

    public SelectionSettings.PerPlatform selection() {
        Function<Config, SelectionSettings> read = c -> new SelectionSettings(c.getBoolean("load-correction"), c.getDuration("slow-start"));
        Config s = config.getConfig(SELECTION);
        return new SelectionSettings.PerPlatform(read.apply(s), perName(s, "platforms", read));
    }

    public OfferPolicies offerPolicies() {
        Function<Config, OfferPolicies.Policy> read = c -> new OfferPolicies.Policy(OfferPolicies.Mode.parse(c.getString("policy")), c.getDuration("timeout"));
        Config o = config.getConfig(OFFERS);
        return new OfferPolicies(read.apply(o), perName(o, "applications", read));
    }

    public RateLimiter.Limits dialRateLimits() {
        Function<Config, RateLimiter.Limit> read = c -> new RateLimiter.Limit(c.getDouble("per-second"), c.getInt("burst"));
        Config r = config.getConfig(DIAL_RATE_LIMIT);
        return new RateLimiter.Limits(read.apply(r), perName(r, "applications", read));
    }

    /** A section's per-name overrides ({@code section.key.NAME { … }}), each falling back to the section's own values. */
    private static <T> Map<String, T> perName(Config section, String key, Function<Config, T> read) {
        Map<String, T> out = new HashMap<>();
        Config named = section.getConfig(key);
        for (String name : named.root().keySet()) out.put(name, read.apply(named.getConfig(ConfigUtil.quoteString(name)).withFallback(section.withoutPath(key))));
        return Map.copyOf(out);
    }

    public boolean quiesce() { return config.getBoolean(QUIESCE); }

    public com.rayo.gateway.cluster.Membership.Settings membership() {
        Config m = config.getConfig(CLUSTER);
        return new com.rayo.gateway.cluster.Membership.Settings(m.getDuration("heartbeat-interval"), m.getDuration("probing-after"),
                m.getDuration("down-after"), m.getDuration("row-ttl"));
    }
    public Duration broadcastPollInterval() { return config.getConfig(CLUSTER).getDuration("request-poll-interval"); }
    public Duration broadcastTimeout() { return config.getConfig(CLUSTER).getDuration("request-timeout"); }
    public com.rayo.gateway.cluster.DomainLease.Settings lease() {
        Config m = config.getConfig(CLUSTER);
        return new com.rayo.gateway.cluster.DomainLease.Settings(m.getDuration("lease-ttl"), m.getDuration("lease-renew-interval"));
    }
    public List<String> platforms() { return config.getStringList(PLATFORMS); }

    public List<ApplicationSpec> applications() {
        return config.getConfigList(APPLICATIONS).stream().map(c -> new ApplicationSpec(c.getString("name"), c.getString("platform"),
                c.getString("jid"), c.hasPath("addresses") ? c.getStringList("addresses") : List.of())).toList();
    }

    /** An application as configured: who it is and which addresses it owns. */
    public record ApplicationSpec(String name, String platform, String jid, List<String> addresses) { }
}
