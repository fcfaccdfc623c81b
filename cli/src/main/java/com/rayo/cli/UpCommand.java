package com.rayo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.rayo.cassandra.embedded.EmbeddedCassandra;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.component.Secrets;
import com.rayo.gateway.config.GatewayConfig;
import com.rayo.protocol.StanzaError;
import com.rayo.testkit.ProsodyServer;

/**
 * Brings up the local cluster as real processes — Prosody, the gateway, two node
 * agents — with generated secrets and accounts under var/, then runs a demo call.
 */
final class UpCommand {
    static final int C2S_PORT = 5222;
    static final int COMPONENT_PORT = 5347;
    static final int CQL_PORT = 9042;
    static final int CASSANDRA_STORAGE_PORT = 7000;
    static final int NODES = 2;
    /** node1's SIP port; node i listens on NODE_SIP_PORT + i - 1. */
    static final int NODE_SIP_PORT = 5080;
    static final int PHONE_SIP_PORT = 5090;

    private final Path root;
    private final Path var;

    UpCommand(Path root) {
        this.root = root;
        this.var = root.resolve("var");
    }

    int run(String[] args) throws Exception {
        int gatewayCount;
        try {
            gatewayCount = gateways(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        ClusterState old = ClusterState.load(root);
        if (!old.procs().isEmpty() && old.procs().stream().anyMatch(ClusterState::alive)) {
            System.out.println("The local cluster is already running (bin/rayo status). Stop it first with: bin/rayo down");
            return 1;
        }
        Path conf = root.resolve("conf");
        GatewayConfig deployed = GatewayConfig.load(conf.resolve("gateway.conf"));
        com.rayo.web.WebSettings web = com.rayo.web.WebSettings.from(deployed.raw(), root);
        for (int port : new int[] {C2S_PORT, COMPONENT_PORT, CQL_PORT, CASSANDRA_STORAGE_PORT, web.port(), RTP_CONTROL_PORT, RTP_ADMIN_PORT,
                RTPENGINE_CONTROL[0], RTPENGINE_CONTROL[1], 8081, PHONE_SIP_PORT, NODE_SIP_PORT, NODE_SIP_PORT + 1}) {
            if (ProsodyServer.portOpen(port)) {
                System.err.println("Port " + port + " is already in use (another XMPP server, Cassandra or web server?). Stop it and retry.");
                return 1;
            }
        }
        boolean newRealm = web.enabled() && com.rayo.web.Realm.ensure(web.realmFile());
        ClusterLayout layout = new ClusterLayout(C2S_PORT, COMPONENT_PORT, NODES, deployed.transport()).store(CQL_PORT, "rayo");
        boolean tls = java.util.Arrays.asList(args).contains("--tls");
        if (tls) layout.componentTls(COMPONENT_TLS_PORT);
        for (GatewayConfig.ApplicationSpec a : deployed.applications()) {
            layout.app(a.name(), a.jid().substring(0, a.jid().indexOf('@')), a.addresses().toArray(String[]::new));
        }
        Files.createDirectories(var.resolve("log"));
        ClusterState state = new ClusterState();
        step("Prosody");
        ProsodyServer prosody = layout.prosody(var.resolve("prosody")).detached(true).logLevel("info");
        prosody.start(Duration.ofSeconds(30));
        state.addProc(new ClusterState.Proc("prosody", prosody.pid(), prosody.logFile().toString(), "prosody", prosody.command(), prosody.outFile().toString(), C2S_PORT));
        state.save(root);
        done("127.0.0.1:" + C2S_PORT + " (clients), :" + COMPONENT_PORT + " (components)"
                + (tls ? ", :" + COMPONENT_TLS_PORT + " (components over TLS: the gateway and nodes use it, trusting " + prosody.certificate() + ")" : ""));

        step("Cassandra (embedded node)");
        EmbeddedCassandra cassandra = new EmbeddedCassandra(var.resolve("cassandra"), CQL_PORT, CASSANDRA_STORAGE_PORT);
        long cassandraPid = cassandra.start(Duration.ofSeconds(180));
        state.addProc(new ClusterState.Proc("cassandra", cassandraPid, cassandra.logFile().toString(), "-Dcassandra.storagedir=" + cassandra.dir(),
                cassandra.command(), cassandra.outFile().toString(), CQL_PORT));
        state.save(root);
        done("127.0.0.1:" + CQL_PORT + " (CQL), keyspace rayo");

        String httpsHocon = "", balancerHttpsHocon = "";
        if (tls && web.enabled()) {
            // The admin webs (gateway's, balancer's) over HTTPS: a self-signed key of their own (docs/security.md).
            Path keystore = var.resolve("web-keystore.p12");
            String password = ClusterLayout.randomSecret();
            com.rayo.testkit.SelfSignedKey.make(keystore, password, "web", 3650);
            String https = ".https.keystore = \"" + keystore + "\"\n%s.https.password = \"" + password + "\"\n";
            httpsHocon = "rayo.web" + https.formatted("rayo.web");
            balancerHttpsHocon = com.rayo.web.RtpClusterServer.WEB + https.formatted(com.rayo.web.RtpClusterServer.WEB);
            web = web.withHttps(keystore, password);
        }
        startMedia(state, balancerHttpsHocon);

        step("gateway");
        Path gwConf = var.resolve("gateway.conf");
        // A stable name in the cluster views across restarts (an id in conf/gateway.conf, read after it, wins).
        Secrets.writePrivate(gwConf, "rayo.gateway.id = \"gateway\"\ninclude file(\"" + conf.resolve("gateway.conf") + "\")\n" + layout.gatewayHocon(false) + httpsHocon);
        state.addProc(launch("gateway", "com.rayo.web.RayoServer", gwConf, web.enabled() ? web.port() : 0));
        state.save(root);
        done(ClusterLayout.EXTERNAL + " / " + ClusterLayout.INTERNAL + (web.enabled() ? ", admin " + LocalWeb.consoleUrl(web) : ""));
        for (int g = 2; g <= gatewayCount; g++) {
            // Same domains: Prosody gives them to one gateway at a time; this one waits and takes over (docs/cluster.md).
            step("gateway" + g + " (standby)");
            Path conf2 = var.resolve("gateway" + g + ".conf");
            Secrets.writePrivate(conf2, "include file(\"" + gwConf + "\")\nrayo.gateway.id = \"gateway" + g + "\"\nrayo.web.port = " + (web.port() + 2 * (g - 1)) + "\n");
            state.addProc(launch("gateway" + g, "com.rayo.web.RayoServer", conf2, 0));
            state.save(root);
            done("standby for " + ClusterLayout.EXTERNAL + " / " + ClusterLayout.INTERNAL + (web.enabled() ? ", admin " + web.origin().replace(":" + web.port(), ":" + (web.port() + 2 * (g - 1))) + "/rayo/" : ""));
        }

        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            step("node" + i);
            Path nodeConf = var.resolve("node" + i + ".conf");
            Secrets.writePrivate(nodeConf, "include file(\"" + conf.resolve("node-agent.conf") + "\")\n" + layout.nodeHocon(i)
                    + ClusterLayout.nodeMediaHocon(var, i) + "rayo.node.sip.port = " + (NODE_SIP_PORT + i - 1) + "\n"
                    + "rayo.node.metrics = \"127.0.0.1:" + (NODE_METRICS_PORT + i - 1) + "\"\n");
            state.p.setProperty("node." + i + ".health", "http://127.0.0.1:" + (NODE_METRICS_PORT + i - 1) + "/health");
            state.addProc(launch("node" + i, "com.rayo.node.NodeMain", nodeConf, 0));
            state.save(root);
            nodes.add(ClusterLayout.nodeDomain(i));
            com.rayo.node.NodeConfig nc = com.rayo.node.NodeConfig.load(nodeConf);
            done(ClusterLayout.nodeDomain(i) + (nc.backend().equals("sip") ? " (SIP on " + nc.sip().host() + ":" + nc.sip().port() + ", media via the balancer's NG port " + nc.sip().mediaNg().getHostString() + ":" + nc.sip().mediaNg().getPort() + ")"
                    : " (simulated calls)"));
        }
        step("SIP phone (SIPp)");
        com.rayo.testkit.Sipp phone = com.rayo.testkit.Sipp.phone(PHONE_SIP_PORT, var.resolve("log"));
        state.addProc(new ClusterState.Proc("sip-phone", phone.pid(), phone.log().toString(), phone.marker(), phone.command(), phone.log().toString(), 0));
        state.save(root);
        done("sip:phone@127.0.0.1:" + PHONE_SIP_PORT + ", answers every call");
        state.p.setProperty("port.c2s", Integer.toString(C2S_PORT));
        state.p.setProperty("port.component", Integer.toString(COMPONENT_PORT));
        state.p.setProperty("domain.xmpp", ClusterLayout.HOST);
        state.p.setProperty("domain.external", ClusterLayout.EXTERNAL);
        state.p.setProperty("domain.internal", ClusterLayout.INTERNAL);
        state.p.setProperty("domain.nodes", String.join(",", nodes));
        List<String> appNames = new ArrayList<>();
        for (ClusterLayout.App a : layout.apps()) {
            appNames.add(a.name());
            state.p.setProperty("app." + a.name() + ".jid", a.jid());
            state.p.setProperty("app." + a.name() + ".password", a.password());
            state.p.setProperty("app." + a.name() + ".addresses", String.join(" ", a.addresses()));
        }
        state.p.setProperty("apps", String.join(",", appNames));
        state.save(root);

        if (layout.apps().isEmpty()) {
            System.out.println("\nNo application in conf/gateway.conf: skipping the demo call.");
            return 0;
        }
        ClusterLayout.App demo = layout.apps().get(0);
        RayoClient client = connectWhenReady(demo);
        awaitNodesUp(nodes, web);
        try {
            int code = new Demo(client, demo, "sip:phone@127.0.0.1:" + PHONE_SIP_PORT, "127.0.0.1:" + NODE_SIP_PORT, var.resolve("log")).run();
            mediaDemo();
            System.out.println();
            System.out.println("Logs:   " + var.resolve("log") + "/{gateway,node1,node2,rtp-cluster,rtpengine1,rtpengine2,sipp-" + PHONE_SIP_PORT + "}.log, " + prosody.logFile() + ", " + cassandra.logFile());
            if (web.enabled()) {
                java.util.Map<String, String> users = com.rayo.web.Realm.passwords(web.realmFile());
                System.out.println("Admin:  " + LocalWeb.consoleUrl(web) + "  (console, Jolokia at /rayo/jmx, metrics at /rayo/metrics)");
                if (newRealm) {
                    System.out.println("        users generated in " + web.realmFile() + " (shown here once; bin/rayo status shows them to you again):");
                    users.forEach((u, pw) -> System.out.println("          " + u + " / " + pw));
                }
                System.out.println("        e.g. curl " + (web.https() ? "-k " : "") + "-u admin:" + users.getOrDefault("admin", "PASSWORD") + " " + web.origin()
                        + "/rayo/jmx/read/com.rayo.gateway:Type=GatewayStatistics");
            }
            System.out.println("Status: bin/rayo status   (--json for scripts)");
            System.out.println("State:  bin/rayo state calls|nodes|applications|addresses|resources|mixers|bans   bin/rayo cql \"SELECT …\"");
            System.out.println("Stop:   bin/rayo down");
            return code;
        } finally {
            client.close();
        }
    }

    /** The gateway is ready when a dial stops answering service-unavailable (nodes registered). */
    private RayoClient connectWhenReady(ClusterLayout.App app) throws Exception {
        step("waiting for the gateway and nodes");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        RayoException last = null;
        while (System.nanoTime() < deadline) {
            try {
                RayoClient c = RayoClient.connect(new RayoClient.Settings("127.0.0.1", C2S_PORT, ClusterLayout.HOST, app.user(), app.password(), "demo", ClusterLayout.EXTERNAL));
                c.setTimeout(Duration.ofSeconds(3));
                try {
                    c.dial("sip:readiness-check@127.0.0.1:" + PHONE_SIP_PORT, null).hangup();
                    done("ready");
                    c.setTimeout(Duration.ofSeconds(10));
                    return c;
                } catch (RayoException e) {
                    c.close();
                    last = e;
                    if (e.condition() != StanzaError.SERVICE_UNAVAILABLE && e.condition() != StanzaError.REMOTE_SERVER_TIMEOUT && e.condition() != StanzaError.ITEM_NOT_FOUND) throw e;
                }
            } catch (RayoException e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the cluster did not become ready in 60 s (" + (last == null ? "" : last.getMessage()) + "); see " + var.resolve("log"));
    }

    /**
     * The demo calls each node's SIP port directly: every node must be registered (UP) at the gateway first,
     * or its offers are refused. Asked of the gateway's Jolokia as the monitor user; skipped without the web.
     */
    private void awaitNodesUp(List<String> domains, com.rayo.web.WebSettings web) throws Exception {
        if (!web.enabled() || !java.nio.file.Files.isReadable(web.realmFile())) return;
        String password = com.rayo.web.Realm.passwords(web.realmFile()).get(com.rayo.web.Realm.MONITOR_USER);
        if (password == null) return;
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString((com.rayo.web.Realm.MONITOR_USER + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        java.util.Set<String> up = java.util.Set.of();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                java.net.HttpURLConnection c = LocalWeb.open(web, "/jmx/read/com.rayo.gateway:Type=Gateway/RayoNodes");
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                c.setRequestProperty("Authorization", auth);
                try (var in = c.getInputStream()) {
                    Object json = new org.jolokia.json.parser.JSONParser().parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                    up = new java.util.HashSet<>();
                    for (Object n : (List<?>) ((java.util.Map<?, ?>) json).get("value")) {
                        java.util.Map<?, ?> m = (java.util.Map<?, ?>) n;
                        // A healthy node shows its own presence status; probing, down or blacklisted ones their health state.
                        if ("AVAILABLE".equals(m.get("state"))) up.add(String.valueOf(m.get("domain")));
                    }
                }
                if (up.containsAll(domains)) return;
            } catch (IOException | RuntimeException | org.jolokia.json.parser.ParseException e) {
                last = e.toString(); // the web is starting: ask again
            }
            Thread.sleep(200);
        }
        System.out.println("  (not every node is registered at the gateway after 30 s: " + up + " of " + domains + "; the demo may fail" + (last.isEmpty() ? "" : "; last answer: " + last) + ")");
    }

    /** {@code --gateways N} (default 1): more gateways with the same domains, as standbys. */
    private static int gateways(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--gateways")) {
                int n;
                try {
                    n = Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--gateways takes a number (1 to 5), not '" + args[i + 1] + "'");
                }
                if (n < 1 || n > 5) throw new IllegalArgumentException("--gateways takes 1 to 5, not " + n);
                return n;
            }
        }
        return 1;
    }

    /** @param readyPort a TCP port the process opens when ready, 0 for none */
    private ClusterState.Proc launch(String name, String mainClass, Path config, int readyPort) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = var.resolve("log").resolve(name + ".log");
        List<String> cmd = List.of("setsid", java, "-Xmx256m", "-Drayo.process=" + name, "-Drayo.home=" + root, "-cp", System.getProperty("java.class.path"), mainClass, config.toString());
        return new ClusterState.Proc(name, RestartCommand.spawn(cmd, Path.of(log.toString())), log.toString(), "-Drayo.process=" + name, cmd, log.toString(), readyPort);
    }

    /** Sessions through the balancer, as signalling would open them: each lands on a relay that rewrites the media port. */
    private static void mediaDemo() throws IOException {
        System.out.println();
        System.out.println("Demo: media sessions through the RTP cluster balancer (RTPproxy protocol, 127.0.0.1:" + RTP_CONTROL_PORT + ")");
        try (com.rayo.rtp.protocol.RtpproxyClient s = new com.rayo.rtp.protocol.RtpproxyClient(new java.net.InetSocketAddress("127.0.0.1", RTP_CONTROL_PORT), 2000)) {
            for (int i = 1; i <= 4; i++) {
                String callId = "demo-media-" + i + "-" + System.nanoTime();
                String u = s.send("Uc0,8 " + callId + " 127.0.0.1 " + (20000 + i * 2) + " caller;1");
                String port = u == null ? "?" : u.split(" ")[0];
                String relay;
                try {
                    relay = "rtpengine" + ((Integer.parseInt(port) - MEDIA_PORT_BASE) / 1000 + 1);
                } catch (NumberFormatException e) {
                    relay = "error " + u;
                }
                String deleted = s.send("D " + callId + " caller");
                System.out.printf("    session %d: opened (U) on media port %s of %s; closed (D): %s%n", i, port, relay, "0".equals(deleted) ? "ok" : deleted);
            }
        }
    }

    static final int RTP_CONTROL_PORT = 22222;
    static final int RTP_ADMIN_PORT = 22300;
    /** {@code --tls}: the gateway and nodes reach Prosody over direct TLS here. */
    static final int COMPONENT_TLS_PORT = 5348;
    /** Node N's /metrics and /health on 22320 + N. */
    static final int NODE_METRICS_PORT = 22321;
    /** The relays conf/rtp-cluster.conf names (control ports); each with its own NG port and media port range. */
    static final int[] RTPENGINE_CONTROL = {22231, 22241};
    /**
     * A call whose RTP stops in both directions for a minute is dead (a phone that crashed, a lost network):
     * the relay drops it and the node ends it with an error saying so. A call that carries only silence
     * (a muted or held phone still sends packets) lives for an hour.
     */
    static final int RELAY_TIMEOUT_SECONDS = 60;
    static final int RELAY_SILENT_TIMEOUT_SECONDS = 3600;
    /** Relay i's media ports: 1,000 from here, below the ephemeral range (see Rtpengine). */
    static final int MEDIA_PORT_BASE = 26000;

    /** Two real rtpengine relays and the RTP cluster balancer in front of them (conf/rtp-cluster.conf; its admin web on HTTPS with --tls). */
    private void startMedia(ClusterState state, String webHttpsHocon) throws Exception {
        Path conf = root.resolve("conf/rtp-cluster.conf");
        if (!webHttpsHocon.isEmpty()) {
            Path withHttps = var.resolve("rtp-cluster.conf");
            Secrets.writePrivate(withHttps, "include file(\"" + conf + "\")\n" + webHttpsHocon);
            conf = withHttps;
        }
        for (int i = 0; i < RTPENGINE_CONTROL.length; i++) {
            String name = "rtpengine" + (i + 1);
            step(name);
            Path log = var.resolve("log").resolve(name + ".log");
            com.rayo.testkit.Rtpengine r = new com.rayo.testkit.Rtpengine(RTPENGINE_CONTROL[i], RTPENGINE_CONTROL[i] + 1, MEDIA_PORT_BASE + i * 1000,
                    MEDIA_PORT_BASE + 999 + i * 1000, log)
                    .timeouts(RELAY_TIMEOUT_SECONDS, RELAY_SILENT_TIMEOUT_SECONDS).detached(true).start(Duration.ofSeconds(15));
            state.addProc(new ClusterState.Proc(name, r.pid(), log.toString(), r.marker(), r.command(), log.toString(), 0));
            state.save(root);
            done("127.0.0.1:" + RTPENGINE_CONTROL[i] + " (RTPproxy protocol), media ports " + r.portMin() + "-" + r.portMax());
        }
        step("RTP cluster balancer");
        state.addProc(launch("rtp-cluster", "com.rayo.web.RtpClusterServer", conf, RTP_ADMIN_PORT));
        state.save(root);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!ProsodyServer.portOpen(RTP_ADMIN_PORT)) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the RTP cluster balancer did not start; see " + var.resolve("log/rtp-cluster.log"));
            Thread.sleep(100);
        }
        done("udp/tcp 127.0.0.1:" + RTP_CONTROL_PORT + " (RTPproxy), 127.0.0.1:" + (RTP_CONTROL_PORT + 1) + " (NG); bin/rayo rtp-cluster ls; Jolokia :8081/rayo/jmx");
    }

    private static void step(String what) {
        System.out.printf("  %-38s ", what + " ...");
        System.out.flush();
    }

    private static void done(String detail) {
        System.out.println("ok  " + detail);
    }
}
