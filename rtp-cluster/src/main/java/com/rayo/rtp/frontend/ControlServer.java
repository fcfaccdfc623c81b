package com.rayo.rtp.frontend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.rtp.protocol.Command;
import com.rayo.rtp.protocol.ProtocolException;
import com.rayo.rtp.protocol.ReplyCache;
import com.rayo.rtp.protocol.Replies;

/**
 * A cluster's control sockets, RTPproxy protocol: {@code udp:host:port} (one datagram a
 * command), {@code tcp:host:port} and {@code unix:/path} (one command a line). Garbage,
 * oversized packets and unparseable commands get a protocol error (when there is a cookie
 * to answer) and a log line; nothing is forwarded.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    private final Function<Command, CompletableFuture<String>> handler;
    private final ReplyCache cache;
    private final List<AutoCloseable> open = new ArrayList<>();

    private final com.rayo.rtp.cluster.ClusterStats stats;

    private final Function<String, CompletableFuture<String>> ngHandler;

    /** @param ngHandler answers NG-protocol requests (bencoded, without cookie) on {@code ng:host:port} addresses */
    public ControlServer(List<String> addresses, Function<Command, CompletableFuture<String>> handler,
                         Function<String, CompletableFuture<String>> ngHandler, ReplyCache cache, com.rayo.rtp.cluster.ClusterStats stats) throws IOException {
        this.handler = handler;
        this.ngHandler = ngHandler;
        this.cache = cache;
        this.stats = stats;
        for (String a : addresses) listen(a);
    }

    private void listen(String address) throws IOException {
        int colon = address.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("control address '" + address + "' must be udp:host:port, tcp:host:port or unix:/path");
        String kind = address.substring(0, colon);
        String rest = address.substring(colon + 1);
        switch (kind) {
            case "udp" -> udp(Listeners.hostPort(rest), false);
            case "ng" -> udp(Listeners.hostPort(rest), true);
            case "tcp", "unix" -> stream(Listeners.stream(address), address);
            default -> throw new IllegalArgumentException("control address '" + address + "': unknown kind " + kind + " (udp, tcp, unix, ng)");
        }
    }

    private void udp(InetSocketAddress at, boolean ng) throws IOException {
        DatagramChannel ch = DatagramChannel.open().bind(at);
        open.add(ch);
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            while (ch.isOpen()) {
                try {
                    buf.clear();
                    SocketAddress from = ch.receive(buf);
                    buf.flip();
                    String text = StandardCharsets.ISO_8859_1.decode(buf).toString();
                    (ng ? ngRequest(from.toString(), text) : request(from.toString(), text)).thenAccept(reply -> {
                        if (reply == null) return;
                        try {
                            ch.send(ByteBuffer.wrap(reply.getBytes(StandardCharsets.ISO_8859_1)), from);
                        } catch (IOException e) {
                            log.debug("event=reply-failed to={} reason=\"{}\"", from, e.toString());
                        }
                    });
                } catch (java.nio.channels.ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    log.debug("event=udp-read-error reason=\"{}\"", e.toString());
                }
            }
        }, ng ? "rtp-control-ng" : "rtp-control-udp");
        t.setDaemon(true);
        t.start();
    }

    private void stream(ServerSocketChannel server, String address) {
        open.add(server);
        Listeners.acceptEach(server, "rtp-control-" + address, this::serve);
    }

    private void serve(SocketChannel client) {
        String source;
        try {
            source = String.valueOf(client.getRemoteAddress()) + "#" + System.identityHashCode(client);
        } catch (IOException e) {
            return;
        }
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.US_ASCII))) {
            OutputStream out = Channels.newOutputStream(client);
            String line;
            while ((line = in.readLine()) != null) {
                String reply = request(source, line).join();
                if (reply != null) {
                    synchronized (out) {
                        out.write(reply.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
            }
        } catch (IOException e) {
            log.debug("event=control-connection-closed reason=\"{}\"", e.toString());
        }
    }

    /** One request: the reply line to send, or null when there is nothing to answer. */
    CompletableFuture<String> request(String source, String text) {
        if (text.isBlank()) return CompletableFuture.completedFuture(null);
        Command c;
        try {
            c = Command.parse(text);
        } catch (ProtocolException e) {
            String cookie = text.strip().split("\\s+", 2)[0];
            stats.badCommands.incrementAndGet();
            log.info("event=bad-command source={} reason=\"{}\"", source, e.getMessage());
            boolean answerable = !cookie.isEmpty() && cookie.length() <= 64 && cookie.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f);
            return CompletableFuture.completedFuture(answerable ? Replies.line(cookie, Replies.SYNTAX) : null);
        }
        ReplyCache.Lookup l = cache.lookup(source, c.cookie());
        if (l.fresh()) handler.apply(c).whenComplete((reply, error) -> l.reply().complete(error == null ? reply : Replies.NO_RELAY));
        else stats.retransmits.incrementAndGet();
        return l.reply().thenApply(reply -> Replies.line(c.cookie(), reply));
    }

    /** One NG request, {@code COOKIE BENCODED}: the reply datagram, or null when there is no cookie to answer. */
    CompletableFuture<String> ngRequest(String source, String text) {
        int sp = text.indexOf(' ');
        if (sp <= 0 || sp > 64) {
            stats.badCommands.incrementAndGet();
            log.info("event=bad-ng-request source={} reason=\"no cookie\"", source);
            return CompletableFuture.completedFuture(null);
        }
        String cookie = text.substring(0, sp);
        ReplyCache.Lookup l = cache.lookup(source, "ng:" + cookie);
        if (l.fresh()) ngHandler.apply(text.substring(sp + 1)).whenComplete((reply, error) -> l.reply().complete(error == null ? reply
                : com.rayo.rtp.protocol.Bencode.encode(java.util.Map.of("result", "error", "error-reason", "internal error"))));
        else stats.retransmits.incrementAndGet();
        return l.reply().thenApply(reply -> cookie + " " + reply);
    }

    @Override public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing
            }
        }
    }
}
