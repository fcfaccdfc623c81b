package com.rayo.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.rayo.component.Secrets;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;

/** A node agent's settings; keys and defaults documented in reference.conf. */
public final class NodeConfig {
    public static final String DOMAIN = "rayo.node.domain";
    public static final String SECRET = "rayo.node.secret";
    public static final String XMPP_HOST = "rayo.node.xmpp.host";
    public static final String XMPP_PORT = "rayo.node.xmpp.port";
    public static final String XMPP_SERVER_DOMAIN = "rayo.node.xmpp.server-domain";
    public static final String XMPP_TRANSPORT = "rayo.node.xmpp.transport";
    public static final String GATEWAY_DOMAIN = "rayo.node.gateway-domain";
    public static final String PLATFORM = "rayo.node.platform";
    public static final String WEIGHT = "rayo.node.weight";
    public static final String PRIORITY = "rayo.node.priority";
    public static final String CAPACITY = "rayo.node.capacity";
    public static final String PRESENCE_INTERVAL = "rayo.node.presence-interval";
    public static final String DRAIN_TIMEOUT = "rayo.node.drain-timeout";
    public static final String METRICS = "rayo.node.metrics";
    public static final String BACKEND = "rayo.node.backend";
    public static final String SIP_HOST = "rayo.node.sip.host";
    public static final String SIP_PORT = "rayo.node.sip.port";
    public static final String SIP_OUTBOUND_PROXY = "rayo.node.sip.outbound-proxy";
    public static final String SIP_USER = "rayo.node.sip.user";
    public static final String SIP_NO_ANSWER_TIMEOUT = "rayo.node.sip.no-answer-timeout";
    public static final String MEDIA_NG = "rayo.node.media.ng";
    public static final String MEDIA_TIMEOUT = "rayo.node.media.timeout";
    public static final String MEDIA_CHECK_INTERVAL = "rayo.node.media.check-interval";
    public static final String VERBS = "rayo.node.verbs";
    public static final String SIM_RING_DELAY = "rayo.node.simulated.ring-delay";
    public static final String SIM_ANSWER_DELAY = "rayo.node.simulated.answer-delay";
    public static final String SIM_NO_ANSWER_TIMEOUT = "rayo.node.simulated.no-answer-timeout";
    public static final String SIM_TRIGGER_JIDS = "rayo.node.simulated.trigger-jids";

    private final Config c;

    private NodeConfig(Config c) {
        this.c = c;
        try {
            domain(); secret(); xmppHost(); xmppPort(); serverDomain(); transport(); xmppTls(); gatewayDomain(); platform(); weight(); priority();
            capacity(); presenceInterval(); drainTimeout(); metrics(); ringDelay(); answerDelay(); noAnswerTimeout(); triggerJids();
            if (!List.of("simulated", "sip").contains(backend())) throw new IllegalArgumentException(BACKEND + " must be simulated or sip, not '" + backend() + "'");
            if (backend().equals("sip")) sip();
            verbs();
            Secrets.checkUsable(SECRET, secret(), xmppHost());
        } catch (ConfigException | IllegalArgumentException e) {
            throw new IllegalArgumentException("bad node configuration: " + e.getMessage(), e);
        }
    }

    public static NodeConfig load(Path file) {
        if (file != null && !Files.isRegularFile(file)) throw new IllegalArgumentException("node config file not found: " + file);
        Config base = ConfigFactory.defaultReference();
        return new NodeConfig((file == null ? base : ConfigFactory.parseFile(file.toFile()).withFallback(base)).resolve());
    }

    public static NodeConfig fromString(String hocon) {
        return new NodeConfig(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve());
    }

    public String domain() { return c.getString(DOMAIN); }
    public String secret() { return c.getString(SECRET); }
    public String xmppHost() { return c.getString(XMPP_HOST); }
    public int xmppPort() { return c.getInt(XMPP_PORT); }
    public String serverDomain() { return c.getString(XMPP_SERVER_DOMAIN); }
    public String transport() { return c.getString(XMPP_TRANSPORT); }

    public int xmppTlsPort() { return c.getInt("rayo.node.xmpp.tls-port"); }

    /** The link's TLS (trusted certificate), or null when plaintext. */
    public com.rayo.component.TlsTrust xmppTls() { return com.rayo.component.TlsTrust.forPort(xmppTlsPort(), c.getString("rayo.node.xmpp.tls-trust"), "rayo.node.xmpp.tls-"); }
    public String gatewayDomain() { return c.getString(GATEWAY_DOMAIN); }
    public String platform() { return c.getString(PLATFORM); }
    public int weight() { return c.getInt(WEIGHT); }
    public int priority() { return c.getInt(PRIORITY); }
    public int capacity() { return c.getInt(CAPACITY); }
    public Duration presenceInterval() { return c.getDuration(PRESENCE_INTERVAL); }
    public Duration drainTimeout() { return c.getDuration(DRAIN_TIMEOUT); }

    /** Where /metrics and /health listen ({@code host:port}, port 0: any), or null when off (""). */
    public java.net.InetSocketAddress metrics() {
        String v = c.getString(METRICS).trim();
        return v.isEmpty() ? null : com.rayo.node.sip.SipSettings.hostPort(METRICS, v);
    }

    public Duration ringDelay() { return c.getDuration(SIM_RING_DELAY); }
    public Duration answerDelay() { return c.getDuration(SIM_ANSWER_DELAY); }
    public Duration noAnswerTimeout() { return c.getDuration(SIM_NO_ANSWER_TIMEOUT); }
    public List<String> triggerJids() { return c.getStringList(SIM_TRIGGER_JIDS); }
    public String backend() { return c.getString(BACKEND); }

    public com.rayo.node.verbs.VerbSettings verbs() {
        Config v = c.getConfig(VERBS);
        Config r = v.getConfig("recordings");
        return new com.rayo.node.verbs.VerbSettings(Path.of(v.getString("work-dir")), v.getStringList("file-roots").stream().map(Path::of).toList(),
                v.getDuration("url-cache-ttl"), v.getLong("cache-size-mb"), v.getDuration("fetch-timeout"), v.getDuration("tts-timeout"),
                v.getDuration("inter-digit-timeout"), Path.of(r.getString("dir")), r.getString("bind"), r.getInt("port"), r.getString("advertised-host"),
                r.getDuration("retention"), com.rayo.node.sip.SipSettings.hostPort(VERBS + ".recordings.xmpp", r.getString("xmpp")));
    }

    public com.rayo.node.sip.SipSettings sip() {
        String proxy = c.getString(SIP_OUTBOUND_PROXY).isBlank() ? null : c.getString(SIP_OUTBOUND_PROXY);
        if (proxy != null) com.rayo.node.sip.SipSettings.hostPort(SIP_OUTBOUND_PROXY, proxy);
        return new com.rayo.node.sip.SipSettings(c.getString(SIP_HOST), c.getInt(SIP_PORT), proxy, c.getString(SIP_USER),
                c.getDuration(SIP_NO_ANSWER_TIMEOUT), com.rayo.node.sip.SipSettings.hostPort(MEDIA_NG, c.getString(MEDIA_NG)), c.getDuration(MEDIA_TIMEOUT),
                c.getDuration(MEDIA_CHECK_INTERVAL));
    }
}
