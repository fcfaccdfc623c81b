package com.rayo.rtp.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** {@code bin/rayo rtp-cluster 'ls'}: sends one admin command to the first admin socket that answers and prints the reply. */
public final class AdminClient {
    private AdminClient() {}

    /** @return 0 when the answer ends with OK */
    public static int run(List<String> adminAddresses, String command) throws IOException {
        IOException last = null;
        for (String a : adminAddresses) {
            try (SocketChannel ch = open(a)) {
                OutputStream out = Channels.newOutputStream(ch);
                out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println(line);
                    if (line.equals("OK")) return 0;
                    if (line.startsWith("ERROR")) return 1;
                }
                return 1;
            } catch (IOException e) {
                last = e;
            }
        }
        System.err.println("The RTP cluster balancer does not answer on " + adminAddresses + (last == null ? "" : " (" + last.getMessage() + ")")
                + ": is it running? (bin/rayo status)");
        return 2;
    }

    private static SocketChannel open(String a) throws IOException {
        if (a.startsWith("unix:")) return SocketChannel.open(UnixDomainSocketAddress.of(Path.of(a.substring(5))));
        String hp = a.substring(a.indexOf(':') + 1);
        int c = hp.lastIndexOf(':');
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.INET);
        ch.connect(new InetSocketAddress(hp.substring(0, c), Integer.parseInt(hp.substring(c + 1))));
        return ch;
    }
}
