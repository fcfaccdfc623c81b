package com.rayo.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rayo.testkit.EjabberdServer;
import com.rayo.testkit.Ports;
import com.rayo.testkit.ProsodyServer;
import com.rayo.testkit.XmppServer;

/**
 * Who is who in a local cluster: ports, domains, component secrets, application users.
 * One description feeds Prosody's config, the gateway's and each node's, so they agree.
 */
public final class ClusterLayout {
    public static final String HOST = "localhost";
    public static final String EXTERNAL = "rayo.localhost";
    public static final String INTERNAL = "rayo-internal.localhost";
    public static final String PLATFORM = "staging";

    /** An application user: its XMPP account and the addresses it owns. */
    public record App(String name, String user, String password, List<String> addresses) {
        public String jid() { return user + "@" + HOST; }
    }

    private final int c2sPort;
    private final int componentPort;
    private final int nodeCount;
    private final String transport;
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private String storeHocon = "";
    private final List<App> apps = new ArrayList<>();
    /** Component links over direct TLS to this port of Prosody (0: plaintext), trusting its certificate. */
    private int componentTlsPort;
    private Path componentCertificate;
    /** Set on ejabberd: a component listener (port) per domain there. */
    private Map<String, Integer> componentPorts;

    public ClusterLayout(int c2sPort, int componentPort, int nodeCount, String transport) {
        this.c2sPort = c2sPort;
        this.componentPort = componentPort;
        this.nodeCount = nodeCount;
        this.transport = transport;
        secrets.put(EXTERNAL, randomSecret());
        secrets.put(INTERNAL, randomSecret());
        for (int i = 1; i <= nodeCount; i++) secrets.put(nodeDomain(i), randomSecret());
    }

    public ClusterLayout app(String name, String user, String... addresses) {
        apps.add(new App(name, user, randomSecret(), List.of(addresses)));
        return this;
    }

    /** An extra component domain (benchmark baselines), with its own secret. */
    public String extraComponent(String domain) {
        return secrets.computeIfAbsent(domain, d -> randomSecret());
    }

    /** Runs on ejabberd instead of Prosody: each component domain then gets a listener of its own. */
    public ClusterLayout onEjabberd() {
        componentPorts = new LinkedHashMap<>();
        return this;
    }

    public boolean isEjabberd() { return componentPorts != null; }

    /** Every component (gateway, nodes) connects over direct TLS to a TLS port of Prosody (docs/security.md). */
    public ClusterLayout componentTls(int port) {
        componentTlsPort = port;
        return this;
    }

    /** Where the gateway keeps the cluster state (HOCON under rayo.gateway.store). */
    public ClusterLayout store(int cqlPort, String keyspace) {
        storeHocon = "rayo.gateway.store.contact-points = [\"127.0.0.1:" + cqlPort + "\"]\n"
                + "rayo.gateway.store.keyspace = " + q(keyspace) + "\n";
        return this;
    }

    public int c2sPort() { return c2sPort; }
    public int componentPort() { return componentPort; }
    public int componentPort(String domain) {
        return componentPorts == null ? componentPort : componentPorts.computeIfAbsent(domain, d -> Ports.free());
    }
    public int nodeCount() { return nodeCount; }
    public String transport() { return transport; }
    public List<App> apps() { return List.copyOf(apps); }
    public String secret(String domain) { return secrets.get(domain); }
    public static String nodeDomain(int i) { return "node" + i + ".localhost"; }

    public App app(String name) {
        return apps.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException("no app " + name));
    }

    public XmppServer xmppServer(Path dir) {
        if (!isEjabberd()) return prosody(dir);
        EjabberdServer e = new EjabberdServer(dir, HOST, c2sPort);
        secrets.forEach((domain, secret) -> e.component(domain, secret, componentPort(domain)));
        for (App a : apps) e.user(a.user(), a.password());
        return e;
    }

    public ProsodyServer prosody(Path dir) {
        ProsodyServer p = new ProsodyServer(dir, HOST, c2sPort, componentPort);
        if (componentTlsPort > 0) {
            p.componentTls(componentTlsPort);
            componentCertificate = p.certificate();
        }
        secrets.forEach(p::component);
        for (App a : apps) p.user(a.user(), a.password());
        return p;
    }

    /** The gateway's settings for this cluster (HOCON overrides on top of its defaults). */
    public String gatewayHocon() {
        return gatewayHocon(true);
    }

    /** @param withApps false when the applications come from the deployment's own conf/gateway.conf */
    public String gatewayHocon(boolean withApps) {
        StringBuilder sb = new StringBuilder();
        sb.append("rayo.gateway.xmpp.port = ").append(componentPort).append('\n');
        sb.append("rayo.gateway.xmpp.transport = ").append(q(transport)).append('\n');
        sb.append("rayo.gateway.external.secret = ").append(q(secrets.get(EXTERNAL))).append('\n');
        if (isEjabberd()) {
            sb.append("rayo.gateway.external.port = ").append(componentPort(EXTERNAL)).append('\n');
            sb.append("rayo.gateway.internal.port = ").append(componentPort(INTERNAL)).append('\n');
        }
        sb.append("rayo.gateway.internal.secret = ").append(q(secrets.get(INTERNAL))).append('\n');
        sb.append(tlsHocon("rayo.gateway"));
        sb.append(storeHocon);
        if (!withApps) return sb.toString();
        sb.append("rayo.gateway.applications = [\n");
        for (App a : apps) {
            sb.append("  { name = ").append(q(a.name())).append(", platform = ").append(q(PLATFORM)).append(", jid = ").append(q(a.jid()))
              .append(", addresses = [").append(String.join(", ", a.addresses().stream().map(ClusterLayout::q).toList())).append("] }\n");
        }
        sb.append("]\n");
        return sb.toString();
    }

    /** The TLS settings of a process ({@code rayo.gateway} or {@code rayo.node}), or nothing when plaintext. */
    private String tlsHocon(String process) {
        if (componentTlsPort == 0) return "";
        return process + ".xmpp.tls-port = " + componentTlsPort + "\n" + process + ".xmpp.tls-trust = " + q(componentCertificate.toString()) + "\n";
    }

    public String nodeHocon(int i) {
        return tlsHocon("rayo.node") + "rayo.node.domain = " + q(nodeDomain(i)) + "\n"
                + "rayo.node.secret = " + q(secrets.get(nodeDomain(i))) + "\n"
                + "rayo.node.xmpp.port = " + componentPort(nodeDomain(i)) + "\n"
                + "rayo.node.xmpp.transport = " + q(transport) + "\n"
                + "rayo.node.platform = " + q(PLATFORM) + "\n"
                + "rayo.node.simulated.trigger-jids = [" + String.join(", ", apps.stream().map(a -> q(a.jid())).toList()) + "]\n"
                + "rayo.node.verbs.recordings.xmpp = \"127.0.0.1:" + c2sPort + "\"\n";
    }

    /** Node i's own media folders under {@code dir}: its rendered prompts and its recordings. */
    public static String nodeMediaHocon(java.nio.file.Path dir, int i) {
        return "rayo.node.verbs { work-dir = " + q(dir.resolve("node" + i + "/media").toString()) + ", recordings.dir = "
                + q(dir.resolve("node" + i + "/recordings").toString()) + " }\n";
    }

    static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    static String randomSecret() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) sb.append("abcdefghijkmnpqrstuvwxyz23456789".charAt(RANDOM.nextInt(32)));
        return sb.toString();
    }
}
