package com.rayo.node.render;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import com.rayo.node.media.Audio;
import com.rayo.node.media.Wav;
import com.rayo.node.xml.SafeXml;
import com.rayo.protocol.rayo.Document;

/**
 * An output's documents as one piece of audio, in order: SSML spoken by the TTS (its {@code
 * <audio src>} elements fetched and spliced in), {@code text/uri-list} and URL documents
 * fetched and decoded. Renderings are cached (by text and voice, by URL for a while) so a
 * repeated prompt starts at once.
 */
public final class DocumentRenderer {
    public static final String SSML = "application/ssml+xml";
    public static final String URI_LIST = "text/uri-list";

    private final Tts tts;
    private final AudioFetcher fetcher;
    private final Executor executor;
    private final Clock clock;
    private final long urlTtlMillis;
    private final long maxCachedSamples;
    /** LRU by access; guarded by itself. */
    private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true);
    private long cachedSamples;

    private record Cached(Audio audio, long expires) {}

    public DocumentRenderer(Tts tts, AudioFetcher fetcher, Executor executor, Clock clock, long urlTtlMillis, long maxCachedSamples) {
        this.tts = tts;
        this.fetcher = fetcher;
        this.executor = executor;
        this.clock = clock;
        this.urlTtlMillis = urlTtlMillis;
        this.maxCachedSamples = maxCachedSamples;
    }

    /** An output longer than this is refused: its samples would sit in the node's memory (8 kHz, 16 bits: ~29 MB). */
    public static final long MAX_MILLIS = 30 * 60 * 1000L;

    public CompletableFuture<Audio> render(List<Document> documents, String voice) {
        return CompletableFuture.supplyAsync(() -> {
            List<Audio> parts = new ArrayList<>();
            long millis = 0;
            try {
                for (Document d : documents) {
                    Audio a = document(d, voice);
                    millis += a.millis();
                    if (millis > MAX_MILLIS) throw new RenderException("the documents last more than " + MAX_MILLIS / 60_000 + " minutes, the longest output a node plays");
                    parts.add(a);
                }
            } catch (RenderException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
            return Audio.concat(parts);
        }, executor);
    }

    private Audio document(Document d, String voice) throws RenderException {
        String type = d.contentType() == null ? "" : d.contentType().toLowerCase(java.util.Locale.ROOT).split(";")[0].strip();
        if (d.inline() == null) {
            if (type.equals(SSML)) return ssml(new String(fetcher.fetch(d.url()), StandardCharsets.UTF_8), voice);
            return url(d.url());
        }
        return switch (type) {
            case SSML -> ssml(inlineMarkup(d), voice);
            case URI_LIST -> uriList(d.inline().text());
            case "text/plain" -> cached("text|" + voice + "|" + d.inline().text(), Long.MAX_VALUE, () -> tts.speak(d.inline().text(), false, voice));
            default -> throw new RenderException("document content-type '" + d.contentType() + "' is not played (application/ssml+xml, text/uri-list, text/plain, or a url)");
        };
    }

    /** Inline SSML comes as child elements, or as text (often CDATA) holding the markup, or as bare words. */
    private static String inlineMarkup(Document d) {
        String markup = d.inlineMarkup();
        return markup.startsWith("<") ? markup : "<speak>" + escape(markup) + "</speak>";
    }

    private Audio uriList(String list) throws RenderException {
        List<Audio> parts = new ArrayList<>();
        for (String line : list.split("\r?\n")) {
            String u = line.strip();
            if (u.isEmpty() || u.startsWith("#")) continue;
            parts.add(url(u));
        }
        if (parts.isEmpty()) throw new RenderException("the text/uri-list document names no URL");
        return Audio.concat(parts);
    }

    private Audio url(String url) throws RenderException {
        return cached("url|" + url, urlTtlMillis, () -> {
            byte[] bytes = fetcher.fetch(url);
            try {
                return Wav.decode(bytes);
            } catch (IOException e) {
                throw new RenderException("URL '" + url + "': " + e.getMessage());
            }
        });
    }

    /** SSML spoken piece by piece, each top-level {@code <audio src>} replaced by its sound. */
    private Audio ssml(String markup, String voice) throws RenderException {
        Element speak = parse(markup);
        if (!speak.getLocalName().equals("speak")) throw new RenderException("SSML document's root must be <speak>, not <" + speak.getLocalName() + ">");
        List<Audio> parts = new ArrayList<>();
        Element piece = (Element) speak.cloneNode(false);
        for (Node n = speak.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getLocalName().equals("audio") && e.hasAttribute("src")) {
                if (piece.hasChildNodes()) parts.add(speakPiece(piece, voice));
                piece = (Element) speak.cloneNode(false);
                parts.add(url(e.getAttribute("src")));
            } else {
                piece.appendChild(n.cloneNode(true));
            }
        }
        if (piece.hasChildNodes() && !piece.getTextContent().isBlank()) parts.add(speakPiece(piece, voice));
        return Audio.concat(parts);
    }

    private Audio speakPiece(Element piece, String voice) throws RenderException {
        String text = serialize(piece);
        return cached("ssml|" + voice + "|" + text, Long.MAX_VALUE, () -> tts.speak(text, true, voice));
    }

    /** Inline {@code <speak>} often inherits the output's namespace: the element names are what count. */
    private static Element parse(String markup) throws RenderException {
        try {
            return SafeXml.parse(markup);
        } catch (org.xml.sax.SAXException e) {
            throw new RenderException("SSML does not parse: " + e.getMessage());
        }
    }

    private static String serialize(Element e) throws RenderException {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(e), new StreamResult(w));
            return w.toString();
        } catch (javax.xml.transform.TransformerException ex) {
            throw new RenderException("SSML cannot be written for the TTS: " + ex.getMessage());
        }
    }

    private static String escape(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"); }

    private interface Render {
        Audio get() throws RenderException;
    }

    private Audio cached(String key, long ttl, Render render) throws RenderException {
        long now = clock.millis();
        synchronized (cache) {
            Cached c = cache.get(key);
            if (c != null && c.expires > now) return c.audio;
        }
        Audio a = render.get();
        synchronized (cache) {
            Cached old = cache.put(key, new Cached(a, ttl == Long.MAX_VALUE ? Long.MAX_VALUE : now + ttl));
            if (old != null) cachedSamples -= old.audio.samples().length;
            cachedSamples += a.samples().length;
            var it = cache.entrySet().iterator();
            while (cachedSamples > maxCachedSamples && it.hasNext()) {
                Map.Entry<String, Cached> eldest = it.next();
                if (eldest.getKey().equals(key)) continue;
                cachedSamples -= eldest.getValue().audio.samples().length;
                it.remove();
            }
        }
        return a;
    }
}
