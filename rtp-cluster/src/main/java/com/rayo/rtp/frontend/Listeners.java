package com.rayo.rtp.frontend;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.LoggerFactory;

/** Binds the stream sockets of the control and admin addresses: {@code tcp:host:port} and {@code unix:/path}. */
public final class Listeners {
    private Listeners() {}

    /** A listening socket for {@code tcp:host:port} or {@code unix:/path} (a stale socket file is replaced). */
    public static ServerSocketChannel stream(String address) throws IOException {
        if (address.startsWith("unix:")) {
            Path p = Path.of(address.substring(5));
            Files.deleteIfExists(p);
            if (p.getParent() != null) Files.createDirectories(p.getParent());
            return ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(p));
        }
        if (address.startsWith("tcp:")) return ServerSocketChannel.open().bind(hostPort(address.substring(4)));
        throw new IllegalArgumentException("address '" + address + "' must be tcp:host:port or unix:/path");
    }

    /** Accepts connections on a thread of its own and serves each on a thread of its own, until the socket closes. */
    public static void acceptEach(ServerSocketChannel server, String name, java.util.function.Consumer<SocketChannel> serve) {
        Thread t = new Thread(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel c = server.accept();
                    Thread conn = new Thread(() -> serve.accept(c), name + "-conn");
                    conn.setDaemon(true);
                    conn.start();
                } catch (IOException e) {
                    if (server.isOpen()) LoggerFactory.getLogger(Listeners.class).debug("event=accept-failed listener={} reason=\"{}\"", name, e.toString());
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    public static InetSocketAddress hostPort(String hp) {
        int c = hp.lastIndexOf(':');
        if (c < 0) throw new IllegalArgumentException("address '" + hp + "' is not host:port");
        return new InetSocketAddress(hp.substring(0, c), Integer.parseInt(hp.substring(c + 1)));
    }
}
