package com.rayo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.component.Secrets;
import com.rayo.gateway.Gateway;
import com.rayo.gateway.config.GatewayConfig;
import com.rayo.node.NodeAgent;
import com.rayo.node.NodeConfig;
import com.rayo.node.NodeMain;
import com.rayo.testkit.Ports;
import com.rayo.testkit.ProsodyServer;
import com.rayo.testkit.XmppServer;

/**
 * A whole cluster in this JVM on a real Prosody (or ejabberd): the gateway and node agents as
 * objects, for the integration tests and the benchmarks. Free ports, private folder.
 */
public final class LocalCluster implements AutoCloseable {
    /** The product's logging for processes started from a test class path, where a logback-test.xml would win. */
    private static final String PRODUCT_LOGGING = "-Dlogback.configurationFile=logback.xml";
    private final ClusterLayout layout;
    private final XmppServer xmpp;
    private final String extraGatewayConfig;
    private final String extraNodeConfig;
    private Gateway gateway;
    private final List<NodeAgent> nodes = new ArrayList<>();
    private final List<RayoClient> clients = new ArrayList<>();
    private final java.util.Map<Integer, Process> nodeProcesses = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Process> gatewayProcesses = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Path dir;

    private LocalCluster(ClusterLayout layout, Path dir, String extraGatewayConfig, String extraNodeConfig) {
        this.layout = layout;
        this.xmpp = layout.xmppServer(dir);
        this.dir = dir;
        this.extraGatewayConfig = extraGatewayConfig;
        this.extraNodeConfig = extraNodeConfig;
    }

    /** A cluster with apps "demo" and "other", {@code nodes} nodes, started. */
    public static LocalCluster start(int nodes, String transport, String extraGatewayConfig, String extraNodeConfig,
                                     String... extraComponents) throws Exception {
        return start(nodes, null, transport, extraGatewayConfig, extraNodeConfig, extraComponents);
    }

    /**
     * Everything in JVMs of its own, as in production — the gateway (its full JIT, no web) and every
     * node — with this JVM keeping only the clients: the routing benchmark's processes mode, where the
     * clients' allocation and GC do not land in the gateway's pauses. {@link #gateway()} is null.
     */
    public static LocalCluster startAsProcesses(int nodes, String extraGatewayConfig, String extraNodeConfig, String... extraComponents) throws Exception {
        LocalCluster c = prepare(layout(nodes, "native", extraComponents), extraGatewayConfig, extraNodeConfig);
        c.xmpp.start(Duration.ofSeconds(30));
        c.startGatewayProcess("primary", "", List.of("-Xmx256m"));
        for (int i = 1; i <= nodes; i++) c.startNodeProcess(i, "", List.of("-Xmx256m"));
        return c;
    }

    /** The same with every node in a JVM of its own (see {@link #startNodeProcess}). */
    public static LocalCluster startWithNodeProcesses(int nodes, String extraGatewayConfig, String extraNodeConfig) throws Exception {
        return startWithNodeProcesses(nodes, extraGatewayConfig, extraNodeConfig, i -> "");
    }

    /** With settings of its own for node i (weights, priorities). */
    public static LocalCluster startWithNodeProcesses(int nodes, String extraGatewayConfig, String extraNodeConfig,
                                                      java.util.function.IntFunction<String> perNode) throws Exception {
        return start(nodes, perNode, "native", extraGatewayConfig, extraNodeConfig);
    }

    /** The same cluster with every component link over direct TLS to Prosody (pinned self-signed certificate). */
    public static LocalCluster startWithTls(int nodes) throws Exception {
        return start(layout(nodes, "native").componentTls(Ports.free()), null, "", "");
    }

    /** The same cluster (nodes in this JVM, native transport) on a private ejabberd instead of Prosody. */
    public static LocalCluster startOnEjabberd(int nodes, String extraGatewayConfig) throws Exception {
        return start(layout(nodes, "native").onEjabberd(), null, extraGatewayConfig, "");
    }

    private static ClusterLayout layout(int nodes, String transport, String... extraComponents) {
        ClusterLayout layout = new ClusterLayout(Ports.free(), Ports.free(), nodes, transport)
                .app("demo", "demo", "sip:demo@example.com").app("other", "other", "sip:other@example.com");
        for (String d : extraComponents) layout.extraComponent(d);
        return layout;
    }

    private static LocalCluster start(int nodes, java.util.function.IntFunction<String> nodeProcesses, String transport, String extraGatewayConfig,
                                      String extraNodeConfig, String... extraComponents) throws Exception {
        return start(layout(nodes, transport, extraComponents), nodeProcesses, extraGatewayConfig, extraNodeConfig);
    }

    private static LocalCluster start(ClusterLayout layout, java.util.function.IntFunction<String> nodeProcesses, String extraGatewayConfig,
                                      String extraNodeConfig) throws Exception {
        LocalCluster c = prepare(layout, extraGatewayConfig, extraNodeConfig);
        c.startAll(nodeProcesses);
        return c;
    }

    /** The real store on the run's shared embedded node, a keyspace of its own per cluster; nothing started yet. */
    private static LocalCluster prepare(ClusterLayout layout, String extraGatewayConfig, String extraNodeConfig) throws Exception {
        layout.store(com.rayo.cassandra.embedded.SharedTestNode.get().nativePort(), "c_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        return new LocalCluster(layout, Files.createTempDirectory("rayo-cluster-"), extraGatewayConfig, extraNodeConfig);
    }

    /** @param nodeProcesses null: nodes in this JVM; else nodes as processes with these settings each */
    private void startAll(java.util.function.IntFunction<String> nodeProcesses) throws Exception {
        xmpp.start(Duration.ofSeconds(30));
        startGateway();
        for (int i = 1; i <= layout.nodeCount(); i++) {
            if (nodeProcesses != null) startNodeProcess(i, nodeProcesses.apply(i));
            else startNode(i);
        }
        awaitNodes(layout.nodeCount(), Duration.ofSeconds(nodeProcesses != null ? 60 : 10));
    }

    /** Stops the gateway (as a crash would: no goodbye to anyone) and starts a new one on the same state. */
    public void restartGateway() throws InterruptedException {
        restartGateway("");
    }

    /** The same, with more settings for the new gateway (the store benchmark switches persistence). */
    public void restartGateway(String moreConfig) throws InterruptedException {
        gateway.close();
        startGateway(moreConfig);
    }

    public void startGateway() throws InterruptedException {
        startGateway("");
    }

    private void startGateway(String moreConfig) throws InterruptedException {
        gateway = new Gateway(GatewayConfig.fromString(layout.gatewayHocon() + extraGatewayConfig + moreConfig));
        if (!gateway.awaitConnected(Duration.ofSeconds(10))) throw new IllegalStateException("gateway did not connect to the XMPP server");
    }

    public NodeAgent startNode(int i) throws InterruptedException {
        NodeAgent n = NodeMain.start(NodeConfig.fromString(layout.nodeHocon(i) + ClusterLayout.nodeMediaHocon(dir, i) + extraNodeConfig));
        if (!n.connection().awaitConnected(Duration.ofSeconds(10))) throw new IllegalStateException("node " + i + " did not connect");
        while (nodes.size() < i) nodes.add(null);
        nodes.set(i - 1, n);
        return n;
    }

    /**
     * Node {@code i} as a separate JVM (this JVM's class path), for tests and benchmarks that
     * kill -9 or kill -STOP a node. {@code moreConfig} is added to its configuration.
     */
    public Process startNodeProcess(int i, String moreConfig) throws java.io.IOException {
        // Tests start many short-lived JVMs: the quick compiler only, a small heap.
        return startNodeProcess(i, moreConfig, List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"));
    }

    private Process startNodeProcess(int i, String moreConfig, List<String> jvmOptions) throws java.io.IOException {
        Path conf = dir.resolve("node" + i + ".conf");
        Secrets.writePrivate(conf, layout.nodeHocon(i) + ClusterLayout.nodeMediaHocon(dir, i) + extraNodeConfig + moreConfig);
        Process p = javaProcess(jvmOptions, "-Drayo.log.level=WARN", "com.rayo.node.NodeMain", conf, dir.resolve("node" + i + ".log"));
        nodeProcesses.put(i, p);
        return p;
    }

    private static Process javaProcess(List<String> jvmOptions, String logLevel, String mainClass, Path conf, Path log, String... more) throws java.io.IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of(logLevel, PRODUCT_LOGGING));
        cmd.addAll(List.of(more));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass, conf.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * A gateway of this cluster as a separate JVM (com.rayo.web.RayoServer, web off) with the same
     * domains and store: a holder to kill -9, or a standby. Its log is gateway-NAME.log in the work folder.
     */
    public Process startGatewayProcess(String name, String moreConfig) throws java.io.IOException {
        return startGatewayProcess(name, moreConfig, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
    }

    private Process startGatewayProcess(String name, String moreConfig, List<String> jvmOptions) throws java.io.IOException {
        Path conf = dir.resolve("gateway-" + name + ".conf");
        Secrets.writePrivate(conf, layout.gatewayHocon() + extraGatewayConfig + "rayo.web.enabled = false\nrayo.gateway.id = " + name + "\n" + moreConfig);
        Process p = javaProcess(jvmOptions, "-Drayo.log.level=INFO", "com.rayo.web.RayoServer", conf, dir.resolve("gateway-" + name + ".log"), "-Drayo.home=" + dir);
        gatewayProcesses.add(p);
        return p;
    }

    /** The gateway processes started so far, the first one first. */
    public List<Process> gatewayProcesses() { return List.copyOf(gatewayProcesses); }

    /** The gateway settings of this cluster (for a second gateway in the same JVM). */
    public GatewayConfig gatewayConfig(String moreConfig) {
        return GatewayConfig.fromString(layout.gatewayHocon() + extraGatewayConfig + moreConfig);
    }

    public Path dir() { return dir; }

    /** Waits until the gateway knows {@code count} nodes. */
    public void awaitNodes(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (gateway.nodes().all().size() != count) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("gateway knows " + gateway.nodes().all() + ", expected " + count + " nodes");
            Thread.sleep(10);
        }
    }

    public RayoClient client(String app, String resource) throws RayoException, InterruptedException {
        return client(app, resource, ClusterLayout.EXTERNAL);
    }

    /** A client of {@code app} that talks to {@code gatewayDomain} (benchmarks point it at a baseline). */
    public RayoClient client(String app, String resource, String gatewayDomain) throws RayoException, InterruptedException {
        ClusterLayout.App a = layout.app(app);
        RayoClient c = RayoClient.connect(new RayoClient.Settings("127.0.0.1", layout.c2sPort(), ClusterLayout.HOST, a.user(), a.password(), resource, gatewayDomain));
        if (!gatewayDomain.equals(ClusterLayout.EXTERNAL)) {
            clients.add(c);
            return c;
        }
        clients.add(c);
        if (gateway == null) return c; // a gateway process: the caller checks readiness by dialling
        // The gateway learns of the resource from its presence; wait until it has.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        com.rayo.protocol.Jid full = com.rayo.protocol.Jid.of(a.jid() + "/" + resource);
        while (!gateway.applications().isConnected(full) && System.nanoTime() < deadline) Thread.sleep(5);
        return c;
    }

    public ClusterLayout layout() { return layout; }
    public XmppServer xmppServer() { return xmpp; }

    /** The Prosody of a cluster that runs on Prosody (all but {@link #startOnEjabberd}). */
    public ProsodyServer prosody() {
        if (xmpp instanceof ProsodyServer p) return p;
        throw new IllegalStateException("this cluster runs on " + xmpp.getClass().getSimpleName());
    }

    public Gateway gateway() { return gateway; }
    public NodeAgent node(int i) { return nodes.get(i - 1); }
    public Process nodeProcess(int i) { return nodeProcesses.get(i); }
    public List<NodeAgent> nodes() { return nodes; }

    @Override public void close() throws Exception {
        for (RayoClient c : clients) {
            try { c.close(); } catch (RuntimeException ignored) { }
        }
        for (NodeAgent n : nodes) if (n != null) n.close();
        for (Process p : nodeProcesses.values()) p.destroyForcibly(); // SIGKILL ends stopped ones too
        for (Process p : gatewayProcesses) p.destroyForcibly();
        if (gateway != null) {
            gateway.close();
            if (gateway.store() instanceof com.rayo.cassandra.store.CassandraStore) {
                // Clean-up only: a slow schema change (just after a node restart) must not fail a test.
                try (var s = com.rayo.cassandra.store.CassandraStore.session(gateway.config().storeSettings())) {
                    com.rayo.cassandra.store.CassandraStore.dropKeyspace(s, gateway.config().storeSettings().keyspace());
                } catch (RuntimeException e) {
                    System.err.println("LocalCluster: keyspace " + gateway.config().storeSettings().keyspace() + " not dropped: " + e.getMessage());
                }
            }
        }
        xmpp.destroy();
    }
}
