package com.rayo.cassandra.embedded;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.CqlSession;

/**
 * A real Cassandra 5 node in a child JVM (cassandra-all on its own classpath, never on
 * ours), data under a work folder. Started detached so it can outlive the launcher
 * ({@code bin/rayo up}) or be shared by a whole test run.
 */
public final class EmbeddedCassandra {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedCassandra.class);
    /** Cassandra's conf/jvm17-server.options, JPMS part: it needs these on Java 17. */
    private static final List<String> JVM17_FLAGS = List.of(
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private final Path dir;
    private final int nativePort;
    private List<String> command = List.of();
    private final int storagePort;
    private Path clientKeystore;
    private String clientKeystorePassword;

    public EmbeddedCassandra(Path dir, int nativePort, int storagePort) {
        this.dir = dir.toAbsolutePath();
        this.nativePort = nativePort;
        this.storagePort = storagePort;
    }

    /**
     * Clients must speak TLS (no plain fallback): the node presents the key in {@code keystore}
     * (PKCS12), which clients trust through {@code rayo.gateway.store.tls.truststore}.
     */
    public EmbeddedCassandra withClientTls(Path keystore, String password) {
        this.clientKeystore = keystore.toAbsolutePath();
        this.clientKeystorePassword = password;
        return this;
    }

    public Path dir() { return dir; }
    public int nativePort() { return nativePort; }
    public Path logFile() { return dir.resolve("logs/system.log"); }
    public Path outFile() { return dir.resolve("cassandra.out"); }
    public Path pidFile() { return dir.resolve("cassandra.pid"); }
    /** The command line of the last start (empty when an already running node was reused). */
    public List<String> command() { return command; }

    /** The pid of a node started earlier from this folder that still runs, if any. */
    public Optional<ProcessHandle> running() {
        try {
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    // the command line is cut at 4 KiB (the classpath is long): check what comes first
                    .filter(h -> h.info().commandLine().map(c -> c.contains("-Dcassandra.storagedir=" + dir)).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts the node (or reuses the one already running from this folder) and waits until it
     * answers CQL as itself: a node of another folder answering on the port (another checkout's,
     * left running) is never taken for this one.
     *
     * @throws IllegalStateException saying who holds the ports, or which node answered instead
     */
    public long start(Duration timeout) throws IOException, InterruptedException {
        Optional<ProcessHandle> existing = running();
        if (existing.isPresent()) {
            awaitCql(timeout, existing.get());
            return existing.get().pid();
        }
        for (int port : List.of(nativePort, storagePort)) {
            if (portOpen(port)) throw new IllegalStateException("cannot start Cassandra for " + dir + ": port " + port + " is taken by " + holderOf(port));
        }
        for (String d : List.of("data", "commitlog", "saved_caches", "hints", "cdc_raw", "logs")) Files.createDirectories(dir.resolve(d));
        Files.writeString(dir.resolve("cassandra.yaml"), yaml());
        Files.writeString(dir.resolve("logback.xml"), logback());
        // Lower CPU priority: on a shared box the routing path (Prosody, gateway) must win the
        // cores; the store is written behind and tolerates delay.
        List<String> cmd = new ArrayList<>(List.of("setsid", "nice", "-n", "10", java17(), "-Xms512M", "-Xmx512M", "-XX:+UseG1GC",
                "-Djava.net.preferIPv4Stack=true", "-Dcassandra-foreground=yes",
                "-Dcassandra.config=file://" + dir.resolve("cassandra.yaml"), "-Dcassandra.storagedir=" + dir,
                "-Dcassandra.logdir=" + dir.resolve("logs"), "-Dlogback.configurationFile=file://" + dir.resolve("logback.xml"),
                "-Dcassandra.shutdown_announce_in_ms=0", "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.initial_token=0"));
        cmd.addAll(JVM17_FLAGS);
        cmd.addAll(List.of("-cp", serverClasspath(), "org.apache.cassandra.service.CassandraDaemon"));
        command = List.copyOf(cmd);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile().toFile())).start();
        Files.writeString(pidFile(), Long.toString(p.pid()));
        log.debug("event=cassandra-starting pid={} cql-port={} dir={}", p.pid(), nativePort, dir);
        awaitCql(timeout, p.toHandle());
        return p.pid();
    }

    private void awaitCql(Duration timeout, ProcessHandle process) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("Cassandra exited while starting; see " + outFile() + " and " + logFile());
            if (portOpen(nativePort) && answersAsThisNode()) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException("Cassandra did not answer CQL on 127.0.0.1:" + nativePort + " within " + timeout.toSeconds() + " s; see " + logFile());
    }

    /** Whether CQL answers on the port and the node behind it keeps its data in this folder. */
    boolean answersAsThisNode() {
        String dirs;
        var builder = CqlSession.builder().addContactPoint(new InetSocketAddress("127.0.0.1", nativePort)).withLocalDatacenter("datacenter1");
        if (clientKeystore != null) builder.withSslContext(com.rayo.cassandra.store.CassandraStore.trusting(clientKeystore, clientKeystorePassword));
        try (CqlSession s = builder.build()) {
            var row = s.execute("SELECT value FROM system_views.settings WHERE name = 'data_file_directories'").one();
            dirs = row == null ? "" : row.getString("value");
        } catch (RuntimeException e) {
            return false;
        }
        if (dirs.contains(dir.resolve("data").toString())) return true;
        throw new IllegalStateException("the Cassandra answering on 127.0.0.1:" + nativePort + " is not the one started for " + dir
                + ": it keeps its data in " + dirs + " (" + holderOf(nativePort) + ")");
    }

    /** Who holds a local port, as far as this machine tells: a Cassandra of some folder, or any process. */
    static String holderOf(int port) {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                String cmd;
                try {
                    cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                } catch (IOException e) {
                    continue;
                }
                int at = cmd.indexOf("-Dcassandra.storagedir=");
                if (at < 0 || !cmd.contains("CassandraDaemon")) continue;
                String storage = cmd.substring(at + 23).split(" ")[0];
                Path yaml = Path.of(storage).resolve("cassandra.yaml");
                String conf = Files.isReadable(yaml) ? Files.readString(yaml) : "";
                if (conf.contains("native_transport_port: " + port) || conf.contains("storage_port: " + port)) {
                    return "another Cassandra node (pid " + p.getFileName() + ", data in " + storage + "): stop it (kill " + p.getFileName()
                            + "), or run bin/rayo test / bin/rayo down in its checkout, which stop theirs";
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "another process (see: ss -ltnp 'sport = :" + port + "')";
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    public void stop() throws InterruptedException {
        Optional<ProcessHandle> h = running();
        if (h.isEmpty()) return;
        h.get().destroy();
        h.get().onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(x -> null).join();
        if (h.get().isAlive()) h.get().destroyForcibly();
    }

    /** SIGKILL: for outage tests. */
    public void kill() {
        running().ifPresent(ProcessHandle::destroyForcibly);
        running().ifPresent(h -> h.onExit().join());
    }

    static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String yaml() {
        return String.join("\n",
                "cluster_name: rayo",
                "num_tokens: 1",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "endpoint_snitch: SimpleSnitch",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"127.0.0.1:" + storagePort + "\"",
                "listen_address: 127.0.0.1",
                "rpc_address: 127.0.0.1",
                "storage_port: " + storagePort,
                "native_transport_port: " + nativePort,
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                "data_file_directories:",
                "  - " + dir.resolve("data"),
                "commitlog_directory: " + dir.resolve("commitlog"),
                "saved_caches_directory: " + dir.resolve("saved_caches"),
                "hints_directory: " + dir.resolve("hints"),
                "cdc_raw_directory: " + dir.resolve("cdc_raw"),
                "auto_snapshot: false",
                // One local node sharing a small box: fewer worker threads, no hints to keep.
                "concurrent_reads: 4",
                "concurrent_writes: 4",
                "concurrent_counter_writes: 2",
                "concurrent_compactors: 1",
                "hinted_handoff_enabled: false",
                "authenticator: AllowAllAuthenticator",
                "authorizer: AllowAllAuthorizer",
                clientKeystore == null ? "" : String.join("\n",
                        "client_encryption_options:",
                        "  enabled: true",
                        "  optional: false",
                        "  keystore: " + clientKeystore,
                        "  keystore_password: \"" + clientKeystorePassword + "\"",
                        "  store_type: PKCS12",
                        "  require_client_auth: false"),
                "") ;
    }

    private String logback() {
        return "<configuration><appender name='FILE' class='ch.qos.logback.core.FileAppender'><file>" + logFile() + "</file>"
                + "<encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder></appender>"
                + "<root level='INFO'><appender-ref ref='FILE'/></root></configuration>";
    }

    /** Cassandra 5.0 runs on Java 17 (not 24+): this runtime if it is 17, else an installed JDK 17. */
    static String java17() {
        if (Runtime.version().feature() == 17) return ProcessHandle.current().info().command().orElse("java");
        File[] jvms = new File("/usr/lib/jvm").listFiles();
        if (jvms != null) {
            for (File j : jvms) {
                File bin = new File(j, "bin/java");
                if (j.getName().contains("17") && bin.canExecute()) return bin.getPath();
            }
        }
        throw new IllegalStateException("Cassandra 5.0 needs Java 17: install openjdk-17-jre-headless (apt-get install -y openjdk-17-jre-headless)");
    }

    /** The server classpath written at build time by the cassandra-server module. */
    static String serverClasspath() throws IOException {
        String prop = System.getProperty("rayo.cassandra.classpath");
        if (prop != null) return Files.readString(Path.of(prop)).trim();
        Path f = projectRoot().resolve("cassandra-server/target/server-classpath.txt");
        if (!Files.isRegularFile(f)) throw new IllegalStateException("no " + f + ": build first (mvn package)");
        return Files.readString(f).trim();
    }

    /** The project root: the folder holding cassandra-server/, searched up from rayo.home (tests run in module folders). */
    public static Path projectRoot() {
        Path start = Path.of(System.getProperty("rayo.home", ".")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) if (Files.isDirectory(p.resolve("cassandra-server"))) return p;
        throw new IllegalStateException("cannot find the project root (the folder with cassandra-server/) above " + start);
    }
}
