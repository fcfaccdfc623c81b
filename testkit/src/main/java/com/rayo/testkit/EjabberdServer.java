package com.rayo.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real ejabberd (Debian's package) started privately: generated ejabberd.yml in a work
 * folder, run straight on the Erlang VM without distribution (no epmd, no cookie, any user),
 * accounts made through its HTTP API on loopback.
 *
 * <p>Each component domain gets a listener of its own: one ejabberd_service listener serving
 * several domains lets every connection on it receive the stanzas of all of them, spread at random.
 */
public final class EjabberdServer extends LocalXmppServer {
    private record Component(String secret, int port) { }

    private final String host;
    private final int c2sPort;
    private final int apiPort = Ports.free();
    private final Map<String, Component> components = new LinkedHashMap<>();
    private final Map<String, String> users = new LinkedHashMap<>();
    private final Map<String, String> balancing = new LinkedHashMap<>();
    private boolean componentTls;

    public EjabberdServer(Path dir, String host, int c2sPort) {
        super(dir);
        this.host = host;
        this.c2sPort = c2sPort;
    }

    public EjabberdServer component(String domain, String secret, int port) { components.put(domain, new Component(secret, port)); return this; }
    public EjabberdServer user(String name, String password) { users.put(name, password); return this; }

    /**
     * Every component listener speaks TLS from the first byte ({@code tls: true} on ejabberd_service),
     * with a self-signed certificate made at start ({@link #certificate()}); plain connections fail.
     */
    public EjabberdServer componentTls() { componentTls = true; return this; }

    /** The components' certificate (PEM), what a component pins. */
    public Path certificate() { return dir.resolve("certs").resolve("components.crt"); }

    /** ejabberd's {@code domain_balancing} for a component domain: {@code type} (e.g. bare_source) over {@code slots} connections. */
    public EjabberdServer balance(String domain, String type, int slots) {
        balancing.put(domain, "    type: " + type + "\n    component_number: " + slots + "\n");
        return this;
    }

    @Override public String host() { return host; }
    @Override public int c2sPort() { return c2sPort; }
    @Override public Path logFile() { return dir.resolve("logs").resolve("ejabberd.log"); }
    public Path configFile() { return dir.resolve("ejabberd.yml"); }

    @Override public int componentPort(String domain) {
        Component c = components.get(domain);
        if (c == null) throw new IllegalArgumentException("no component " + domain + " on this ejabberd");
        return c.port();
    }

    private static final Path CTL = Path.of("/usr/sbin/ejabberdctl");

    /** Whether Debian's ejabberd is installed; the scripts install it, this only checks. */
    public static boolean installed() {
        return Files.isExecutable(CTL) && Files.isExecutable(Path.of("/usr/bin/erl"));
    }

    /** Where the package keeps its Erlang applications: ejabberdctl knows (it differs by architecture). */
    private static String erlLibs() throws IOException {
        Matcher m = Pattern.compile("(?m)^ERL_LIBS='?([^'\\n]+)'?").matcher(Files.readString(CTL));
        return m.find() ? m.group(1) : "/usr/lib/x86_64-linux-gnu";
    }

    @Override public synchronized EjabberdServer start(Duration timeout) throws IOException, InterruptedException {
        if (!installed()) {
            throw new IllegalStateException("ejabberd is not installed: run 'apt-get install -y ejabberd' (as root), or bin/rayo test which installs it");
        }
        Files.createDirectories(dir.resolve("spool"));
        Files.createDirectories(dir.resolve("logs"));
        if (componentTls && !Files.exists(certificate())) {
            Path key = dir.resolve("certs").resolve("components.key");
            Files.createDirectories(key.getParent());
            SelfSignedKey.pem(certificate(), key, host);
            // ejabberd wants certificate and key in one file
            Files.writeString(dir.resolve("certs").resolve("components.pem"), Files.readString(certificate()) + Files.readString(key));
        }
        Files.writeString(configFile(), config());
        ProcessBuilder pb = new ProcessBuilder("erl", "-noinput", "-noshell", "+K", "true",
                "-mnesia", "dir", "\"" + dir.resolve("spool") + "\"", "-s", "ejabberd")
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("ejabberd.out").toFile()));
        Map<String, String> env = pb.environment();
        env.put("EJABBERD_CONFIG_PATH", configFile().toString());
        env.put("EJABBERD_LOG_PATH", logFile().toString());
        env.put("ERL_LIBS", erlLibs());
        env.put("ERL_CRASH_DUMP_BYTES", "0");
        env.put("HOME", dir.toString());
        process = pb.start();
        List<Integer> ports = new ArrayList<>(List.of(c2sPort, apiPort));
        components.values().forEach(c -> ports.add(c.port()));
        awaitPorts("ejabberd", ports, timeout, dir.resolve("ejabberd.out"));
        for (Map.Entry<String, String> u : users.entrySet()) register(u.getKey(), u.getValue());
        return this;
    }

    @Override public void addUser(String name, String password) throws IOException {
        users.put(name, password);
        if (isRunning()) register(name, password);
    }

    private void register(String name, String password) throws IOException {
        String body = "{\"user\":" + json(name) + ",\"host\":" + json(host) + ",\"password\":" + json(password) + "}";
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/register"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
            // A second start on the same spool finds the account there already (409).
            if (r.statusCode() != 200 && r.statusCode() != 409) throw new IOException("ejabberd refused account " + name + ": HTTP " + r.statusCode() + " " + r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted registering " + name, e);
        }
    }

    private String config() {
        StringBuilder c = new StringBuilder("# generated by rayo testkit: do not edit\n");
        c.append("hosts:\n  - ").append(json(host)).append('\n');
        c.append("loglevel: warning\ncertfiles: []\n");
        c.append("auth_method: [internal]\nauth_password_format: plain\n");
        c.append("listen:\n");
        c.append("  - port: ").append(c2sPort).append("\n    ip: \"127.0.0.1\"\n    module: ejabberd_c2s\n    starttls: false\n");
        c.append("  - port: ").append(apiPort).append("\n    ip: \"127.0.0.1\"\n    module: ejabberd_http\n    request_handlers:\n      \"/api\": mod_http_api\n");
        components.forEach((domain, comp) -> c.append("  - port: ").append(comp.port()).append("\n    ip: \"127.0.0.1\"\n    module: ejabberd_service\n")
                // a listener's own certfile: with only the global certfiles ejabberd 23.01 resets the handshake
                .append(componentTls ? "    tls: true\n    certfile: " + json(dir.resolve("certs").resolve("components.pem").toString()) + "\n" : "")
                .append("    hosts:\n      ").append(json(domain)).append(":\n        password: ").append(json(comp.secret())).append('\n'));
        c.append("api_permissions:\n  \"loopback admin\":\n    from: [mod_http_api]\n    who:\n      ip: 127.0.0.1/8\n    what: \"*\"\n");
        c.append("access_rules:\n  local:\n    allow: all\n  c2s:\n    allow: all\n");
        if (!balancing.isEmpty()) {
            c.append("domain_balancing:\n");
            balancing.forEach((domain, opts) -> c.append("  ").append(json(domain)).append(":\n").append(opts));
        }
        c.append("modules:\n  mod_roster: {}\n  mod_disco: {}\n  mod_ping: {}\n  mod_admin_extra: {}\n");
        return c.toString();
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
