package com.rayo.node.render;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Fetches what an output names by URL: {@code http:}/{@code https:} (bounded size and time)
 * and {@code file:} inside the configured roots only, so an application cannot make the node
 * read its own files.
 */
public final class AudioFetcher {
    private static final long MAX_BYTES = 32L * 1024 * 1024;
    private final List<Path> fileRoots;
    private final Duration timeout;
    private final HttpClient http;

    public AudioFetcher(List<Path> fileRoots, Duration timeout) {
        this.fileRoots = fileRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public byte[] fetch(String url) throws RenderException {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new RenderException("malformed URL '" + url + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        return switch (scheme) {
            case "file" -> file(uri);
            case "http", "https" -> http(uri);
            default -> throw new RenderException("URL '" + url + "': only http, https and file URLs are played");
        };
    }

    private byte[] file(URI uri) throws RenderException {
        Path p;
        try {
            p = Path.of(uri).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new RenderException("URL '" + uri + "' is not a local file path");
        }
        if (fileRoots.stream().noneMatch(p::startsWith)) {
            throw new RenderException("file " + p + " is outside the node's media folders (rayo.node.verbs.file-roots)");
        }
        try {
            if (Files.size(p) > MAX_BYTES) throw new RenderException("file " + p + " is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
            return Files.readAllBytes(p);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new RenderException("file " + p + " does not exist");
        } catch (IOException e) {
            throw new RenderException("file " + p + " cannot be read: " + e.getMessage());
        }
    }

    private byte[] http(URI uri) throws RenderException {
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) throw new RenderException("URL '" + uri + "' answered HTTP " + r.statusCode());
                byte[] out = in.readNBytes((int) MAX_BYTES + 1);
                if (out.length > MAX_BYTES) throw new RenderException("URL '" + uri + "' is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
                return out;
            }
        } catch (IOException e) {
            throw new RenderException("URL '" + uri + "' cannot be fetched: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderException("interrupted");
        }
    }
}
