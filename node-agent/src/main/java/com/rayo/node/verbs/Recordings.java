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
 * Recordings as WAV files served over HTTP by the node. Each URL carries 128 random bits: it
 * is the credential (as a pre-signed URL is), and only the call's owner is sent it, in the
 * record's {@code complete}. Anything else under the path is 404; files go after the retention.
 */
public final class Recordings implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Recordings.class);
    private static final String PATH = "/rayo/recordings/";
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{32}\\.wav");

    public record Saved(String uri, long size) {}

    private final Path dir;
    private final Duration retention;
    private final HttpServer server;
    private final String base;
    private final SecureRandom random = new SecureRandom();

    public Recordings(Path dir, String bindHost, int port, String advertisedHost, Duration retention) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.retention = retention;
        server = HttpServer.create(new InetSocketAddress(bindHost, port), 16);
        server.createContext(PATH, this::serve);
        server.start();
        base = "http://" + advertisedHost + ":" + server.getAddress().getPort() + PATH;
        log.info("event=recordings-started dir={} url={}", dir, base);
    }

    public int port() { return server.getAddress().getPort(); }

    public Saved save(Audio audio) throws IOException {
        byte[] token = new byte[16];
        random.nextBytes(token);
        String name = HexFormat.of().formatHex(token) + ".wav";
        byte[] wav = Wav.encode(audio);
        Files.write(dir.resolve(name), wav);
        return new Saved(base + name, wav.length);
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
            files.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(p -> {
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
