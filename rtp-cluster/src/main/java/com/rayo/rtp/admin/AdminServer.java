package com.rayo.rtp.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The admin CLI over {@code unix:/path} and {@code tcp:host:port}: one command a line, the answer ends with OK or ERROR. */
public final class AdminServer implements AutoCloseable {
    private final AdminCommands commands;
    private final List<ServerSocketChannel> servers = new ArrayList<>();

    public AdminServer(List<String> addresses, AdminCommands commands) throws IOException {
        this.commands = commands;
        for (String a : addresses) {
            if (!a.startsWith("unix:") && !a.startsWith("tcp:")) throw new IllegalArgumentException("admin address '" + a + "' must be unix:/path or tcp:host:port");
            ServerSocketChannel s = com.rayo.rtp.frontend.Listeners.stream(a);
            servers.add(s);
            com.rayo.rtp.frontend.Listeners.acceptEach(s, "rtp-admin-" + a, this::serve);
        }
    }

    private void serve(SocketChannel c) {
        try (c; BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8))) {
            OutputStream out = Channels.newOutputStream(c);
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                if (line.strip().equals("quit")) return;
                out.write(commands.execute(line).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException ignored) {
            // client went away
        }
    }

    @Override public void close() throws IOException {
        for (ServerSocketChannel s : servers) s.close();
    }
}
