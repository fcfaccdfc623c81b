package com.rayo.node.verbs;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.node.media.Audio;
import com.rayo.node.media.Wav;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Recordings as WAV files served over HTTP by the node, to their owner only: a recording made
 * for an application (the gateway stamps the owner on every record) is fetched with HTTP Basic
 * authentication as that application — its bare JID and XMPP password, checked by a login at the
 * XMPP server; anyone else gets 401 or 403. Each URL also carries 128 random bits, so recordings
 * cannot be listed or guessed; anything else under the path is 404; files go after the retention.
 */
public final class Recordings implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Recordings.class);
    private static final String PATH = "/rayo/recordings/";
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{32}\\.wav");

    public record Saved(String uri, long size) {}

    private final Path dir;
    private final XmppCredentials credentials;
    private final Duration retention;
    private final HttpServer server;
    private final String base;
    private final SecureRandom random = new SecureRandom();

    /** @param credentials checks an owner's password; null serves every recording to whoever has its URL (tests of the verbs alone) */
    public Recordings(Path dir, String bindHost, int port, String advertisedHost, Duration retention, XmppCredentials credentials) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.credentials = credentials;
        this.retention = retention;
        server = HttpServer.create(new InetSocketAddress(bindHost, port), 16);
        server.createContext(PATH, this::serve);
        server.start();
        base = "http://" + advertisedHost + ":" + server.getAddress().getPort() + PATH;
        log.info("event=recordings-started dir={} url={}", dir, base);
    }

    public int port() { return server.getAddress().getPort(); }

    /** Writes a recording; {@code owner} (a bare JID, or null) is who may fetch it. */
    public Saved save(Audio audio, String owner) throws IOException {
        byte[] token = new byte[16];
        random.nextBytes(token);
        String id = HexFormat.of().formatHex(token);
        byte[] wav = Wav.encode(audio);
        if (owner != null) Files.writeString(dir.resolve(id + ".owner"), owner);
        Files.write(dir.resolve(id + ".wav"), wav);
        return new Saved(base + id + ".wav", wav.length);
    }

    private void serve(HttpExchange x) throws IOException {
        try (x) {
            String name = x.getRequestURI().getPath().substring(PATH.length());
            if (!x.getRequestMethod().equals("GET") && !x.getRequestMethod().equals("HEAD")) {
                text(x, 405, "recordings are read with GET");
                return;
            }
            Path file = dir.resolve(name);
            if (!NAME.matcher(name).matches() || !Files.isRegularFile(file)) {
                text(x, 404, "no such recording");
                return;
            }
            if (!allowed(x, file)) return;
            x.getResponseHeaders().set("Content-Type", "audio/wav");
            x.getResponseHeaders().set("Cache-Control", "private, no-store");
            long size = Files.size(file);
            if (x.getRequestMethod().equals("HEAD")) {
                x.getResponseHeaders().set("Content-Length", Long.toString(size));
                x.sendResponseHeaders(200, -1);
                return;
            }
            x.sendResponseHeaders(200, size);
            try (OutputStream out = x.getResponseBody()) {
                Files.copy(file, out);
            }
        }
    }

    /** Whether the request is the owner's; if not, the refusal has been sent. */
    private boolean allowed(HttpExchange x, Path wav) throws IOException {
        Path ownerFile = wav.resolveSibling(wav.getFileName().toString().replace(".wav", ".owner"));
        if (credentials == null || !Files.isRegularFile(ownerFile)) return true;
        String owner = Files.readString(ownerFile).strip();
        String[] basic = basic(x.getRequestHeaders().getFirst("Authorization"));
        if (basic == null) {
            x.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"rayo recordings\", charset=\"UTF-8\"");
            text(x, 401, "a recording is fetched with HTTP Basic authentication as its application: its bare JID and XMPP password");
            return false;
        }
        String user = basic[0].contains("@") ? basic[0] : basic[0] + owner.substring(owner.indexOf('@'));
        try {
            if (!credentials.valid(user, basic[1])) {
                x.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"rayo recordings\", charset=\"UTF-8\"");
                text(x, 401, "wrong JID or password");
                return false;
            }
        } catch (XmppCredentials.Unavailable e) {
            text(x, 503, e.getMessage());
            return false;
        }
        if (!user.equalsIgnoreCase(owner)) {
            text(x, 403, "this recording belongs to another application");
            return false;
        }
        return true;
    }

    /** {@code [user, password]} of a Basic Authorization header, or null. */
    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        try {
            String decoded = new String(java.util.Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void text(HttpExchange x, int status, String message) throws IOException {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }

    /** Deletes recordings older than the retention; run from the node's timer. */
    public void expire() {
        long cutoff = System.currentTimeMillis() - retention.toMillis();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> NAME.matcher(p.getFileName().toString().replace(".owner", ".wav")).matches()).forEach(p -> {
                try {
                    if (Files.getLastModifiedTime(p).toMillis() < cutoff) Files.delete(p);
                } catch (IOException e) {
                    log.debug("event=recording-expire-failed file={} reason=\"{}\"", p, e.toString());
                }
            });
        } catch (IOException e) {
            log.warn("event=recording-expire-failed dir={} reason=\"{}\"", dir, e.toString());
        }
    }

    @Override public void close() { server.stop(0); }
}
