package com.rayo.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Prosody started from a generated config in a private work folder: used by
 * {@code bin/rayo up}, the integration tests and the benchmarks. As root it runs as
 * the {@code prosody} user (Prosody refuses root); otherwise as the current user.
 */
public final class ProsodyServer extends LocalXmppServer {
    private final String host;
    private final int c2sPort;
    private final int componentPort;
    private final Map<String, String> components = new LinkedHashMap<>();
    private final Map<String, String> users = new LinkedHashMap<>();
    private String logLevel = "warn";
    private boolean detached;
    private List<String> command = List.of();
    /** Direct-TLS port for components (0: none), with a self-signed certificate made at start. */
    private int componentTlsPort;

    public ProsodyServer(Path dir, String host, int c2sPort, int componentPort) {
        super(dir);
        this.host = host;
        this.c2sPort = c2sPort;
        this.componentPort = componentPort;
    }

    public ProsodyServer component(String domain, String secret) { components.put(domain, secret); return this; }
    public ProsodyServer user(String name, String password) { users.put(name, password); return this; }
    public ProsodyServer logLevel(String level) { logLevel = level; return this; }

    /**
     * Components may also connect with direct TLS on {@code port} (Prosody 0.12: mod_net_multiplex's
     * {@code ssl_ports}, which hands a TLS stream whose header is a component's to the component
     * listener), with a self-signed certificate made at start ({@link #certificate()}).
     */
    public ProsodyServer componentTls(int port) { componentTlsPort = port; return this; }

    public int componentTlsPort() { return componentTlsPort; }

    /** The self-signed certificate of the TLS port (PEM): what components trust. */
    public Path certificate() { return dir.resolve("certs").resolve("components.crt"); }

    /** In its own session (setsid), so it outlives the launching command: for bin/rayo up. */
    public ProsodyServer detached(boolean d) { detached = d; return this; }

    @Override public String host() { return host; }
    @Override public int c2sPort() { return c2sPort; }
    public int componentPort() { return componentPort; }
    @Override public int componentPort(String domain) { return componentPort; }
    @Override public Path logFile() { return dir.resolve("prosody.log"); }
    public Path configFile() { return dir.resolve("prosody.cfg.lua"); }
    /** Where its standard output and error go. */
    public Path outFile() { return dir.resolve("prosody.out"); }
    /** The command line of the last start: with the config written, it starts the same server again. */
    public List<String> command() { return command; }
    public Map<String, String> components() { return Map.copyOf(components); }
    public Map<String, String> users() { return Map.copyOf(users); }

    /** Whether a prosody binary is installed; the scripts install it, this only checks. */
    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/prosody")) || onPath("prosody");
    }

    private static boolean onPath(String cmd) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) if (Files.isExecutable(Path.of(p, cmd))) return true;
        return false;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Writes the config and accounts, starts Prosody and waits until both ports accept connections. */
    @Override public synchronized ProsodyServer start(Duration timeout) throws IOException, InterruptedException {
        if (!installed()) {
            throw new IllegalStateException("Prosody is not installed: run 'apt-get install -y prosody' (as root), or use bin/rayo which installs it");
        }
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("certs"));
        if (componentTlsPort > 0 && !Files.exists(certificate())) {
            SelfSignedKey.pem(certificate(), dir.resolve("certs").resolve("components.key"), host);
        }
        writeConfig();
        for (Map.Entry<String, String> u : users.entrySet()) writeAccount(u.getKey(), u.getValue());
        if (isRoot()) {
            run("chown", "-R", "prosody:prosody", dir.toString());
            run("chmod", "-R", "u+rwX,go+rX", dir.toString());
            for (Path p = dir.getParent(); p != null; p = p.getParent()) p.toFile().setExecutable(true, false);
        }
        List<String> cmd = new ArrayList<>();
        if (detached) cmd.add("setsid");
        if (isRoot()) cmd.addAll(List.of("setpriv", "--reuid=prosody", "--regid=prosody", "--init-groups"));
        cmd.addAll(List.of("prosody", "-F", "--config", configFile().toString()));
        command = List.copyOf(cmd);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile().toFile())).start();
        Files.writeString(dir.resolve("prosody.pid"), Long.toString(process.pid()));
        awaitPorts("Prosody", componentTlsPort > 0 ? List.of(c2sPort, componentPort, componentTlsPort) : List.of(c2sPort, componentPort),
                timeout, dir.resolve("prosody.out"));
        return this;
    }

    /** Registers a user while running too: Prosody reads account files on each login. */
    @Override public void addUser(String name, String password) throws IOException {
        users.put(name, password);
        writeAccount(name, password);
    }

    public void restart(Duration timeout) throws IOException, InterruptedException {
        stop();
        start(timeout);
    }


    private void writeConfig() throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("-- generated by rayo testkit: do not edit\n");
        c.append("data_path = ").append(lua(dir.resolve("data").toString())).append('\n');
        c.append("certificates = ").append(lua(dir.resolve("certs").toString())).append('\n');
        c.append("log = { { levels = { min = ").append(lua(logLevel)).append(" }, to = \"file\", filename = ").append(lua(logFile().toString())).append(" } }\n");
        c.append("c2s_ports = { ").append(c2sPort).append(" }\nc2s_interfaces = { \"127.0.0.1\" }\n");
        c.append("component_ports = { ").append(componentPort).append(" }\ncomponent_interfaces = { \"127.0.0.1\" }\n");
        c.append("s2s_ports = { }\nmodules_disabled = { \"s2s\"; \"offline\" }\n");
        c.append("modules_enabled = { \"roster\"; \"saslauth\"; \"disco\"; \"ping\"; \"time\"; \"version\"")
                .append(componentTlsPort > 0 ? "; \"net_multiplex\"" : "").append(" }\n");
        if (componentTlsPort > 0) {
            c.append("ssl_ports = { ").append(componentTlsPort).append(" }\nssl_interfaces = { \"127.0.0.1\" }\n");
            c.append("ssl = { certificate = ").append(lua(certificate().toString())).append(", key = ")
                    .append(lua(dir.resolve("certs").resolve("components.key").toString())).append(" }\n");
        }
        c.append("c2s_require_encryption = false\nallow_unencrypted_plain_auth = true\n");
        c.append("authentication = \"internal_plain\"\nstorage = \"internal\"\n");
        // A new component connection replaces the old one: a standby gateway holding the lease must be able to
        // take the domains from a paused (SIGSTOP, GC, VM freeze) holder whose socket Prosody still sees alive.
        c.append("component_conflict_resolve = \"kick_old\"\n");
        c.append("VirtualHost ").append(lua(host)).append('\n');
        for (Map.Entry<String, String> e : components.entrySet()) {
            c.append("Component ").append(lua(e.getKey())).append("\n  component_secret = ").append(lua(e.getValue())).append('\n');
        }
        Files.writeString(configFile(), c.toString());
    }

    private void writeAccount(String user, String password) throws IOException {
        Path accounts = dir.resolve("data").resolve(encode(host)).resolve("accounts");
        Files.createDirectories(accounts);
        Path f = accounts.resolve(encode(user.toLowerCase()) + ".dat");
        Files.writeString(f, "return {\n\t[\"password\"] = " + lua(password) + ";\n};\n");
        if (isRoot()) {
            try {
                run("chown", "-R", "prosody:prosody", dir.resolve("data").toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Prosody's datamanager file-name encoding: every non-alphanumeric byte as %xx. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) sb.append((char) c);
            else sb.append(String.format("%%%02x", c));
        }
        return sb.toString();
    }

    private static String lua(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    public static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) throw new IOException("command failed: " + String.join(" ", cmd));
    }
}
