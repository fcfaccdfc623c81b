package com.rayo.testkit;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real rtpengine (Debian's rtpengine-daemon), userspace only, on 127.0.0.1: its legacy
 * RTPproxy control port, its NG port and its own media port range, so several run side by
 * side. Readiness by a real answer on the control port.
 */
public final class Rtpengine implements AutoCloseable {
    public static final String BINARY = "/usr/bin/rtpengine";
    private final int controlPort;
    private final int ngPort;
    private final int portMin;
    private final int portMax;
    private final Path log;
    private Process process;
    private List<String> command = List.of();
    private boolean detached;
    private String cpus;

    /** Outlives this JVM (bin/rayo up): its own session, so the CLI's exit does not end it. */
    public Rtpengine detached(boolean on) {
        this.detached = on;
        return this;
    }

    /**
     * rtpengine's own session timers, in seconds: a call with no RTP either way for {@code timeout} is dropped
     * (rtpengine's default is 60), one with only silence for {@code silentTimeout} too (default 3600).
     */
    public Rtpengine timeouts(int timeout, int silentTimeout) {
        this.timeouts = List.of("--timeout=" + timeout, "--silent-timeout=" + silentTimeout);
        return this;
    }

    private List<String> timeouts = List.of();

    /** Runs on these CPUs only ({@code taskset -c} list), as a relay on a host of its own would not share the benchmark's cores. */
    public Rtpengine cpus(String list) {
        this.cpus = list;
        return this;
    }

    /**
     * @throws IllegalArgumentException when the media range overlaps the kernel's ephemeral ports: rtpengine binds
     * media ports with SO_REUSEADDR, so one relay can take over another's control port (found by Ports.free()) and
     * silently swallow its commands.
     */
    public Rtpengine(int controlPort, int ngPort, int portMin, int portMax, Path log) {
        int[] ephemeral = ephemeralRange();
        if (portMin <= ephemeral[1] && portMax >= ephemeral[0]) {
            throw new IllegalArgumentException("media ports " + portMin + "-" + portMax + " overlap the ephemeral range " + ephemeral[0] + "-" + ephemeral[1]
                    + ": rtpengine could take over another process's UDP port; choose a range below " + ephemeral[0]);
        }
        if (controlPort >= portMin && controlPort <= portMax || ngPort >= portMin && ngPort <= portMax) {
            throw new IllegalArgumentException("control port " + controlPort + " / NG port " + ngPort + " inside the media range " + portMin + "-" + portMax);
        }
        this.controlPort = controlPort;
        this.ngPort = ngPort;
        this.portMin = portMin;
        this.portMax = portMax;
        this.log = log;
    }

    /** net.ipv4.ip_local_port_range, where Ports.free() and every unbound socket get their port. */
    static int[] ephemeralRange() {
        try {
            String[] r = java.nio.file.Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return new int[] {Integer.parseInt(r[0]), Integer.parseInt(r[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32768, 60999}; // Linux's default
        }
    }

    public static boolean installed() { return new File(BINARY).canExecute(); }

    public Rtpengine start(Duration timeout) throws IOException, InterruptedException {
        if (!installed()) throw new IllegalStateException("rtpengine is not installed: apt-get install -y rtpengine-daemon");
        List<String> cmd = new ArrayList<>();
        if (detached) cmd.add("setsid");
        if (cpus != null) cmd.addAll(List.of("taskset", "-c", cpus));
        cmd.addAll(List.of(BINARY, "--config-file=none", "--table=-1", "--foreground", "--log-stderr", "--log-level=5",
                "--interface=127.0.0.1", "--listen-udp=127.0.0.1:" + controlPort, "--listen-ng=127.0.0.1:" + ngPort,
                "--port-min=" + portMin, "--port-max=" + portMax, "--delete-delay=0"));
        cmd.addAll(timeouts);
        command = List.copyOf(cmd);
        if (detached) process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        else process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("rtpengine exited at start; see " + log);
            if (command("V", 200) != null) return this;
            Thread.sleep(50);
        }
        throw new IllegalStateException("rtpengine did not answer on 127.0.0.1:" + controlPort + "; see " + log);
    }

    /** One RTPproxy-protocol command straight to this relay; the reply without cookie, or null. */
    public String command(String body, int timeoutMillis) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(timeoutMillis);
            byte[] out = ("t1 " + body).getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), controlPort));
            byte[] in = new byte[65536];
            DatagramPacket p = new DatagramPacket(in, in.length);
            s.receive(p);
            String r = new String(in, 0, p.getLength(), StandardCharsets.US_ASCII).strip();
            return r.substring(r.indexOf(' ') + 1);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    public int controlPort() { return controlPort; }
    public int ngPort() { return ngPort; }
    /** The argument that identifies this instance in a process list. */
    public String marker() { return "--listen-udp=127.0.0.1:" + controlPort; }
    public int portMin() { return portMin; }
    public int portMax() { return portMax; }
    public long pid() { return process.pid(); }
    /** The command line of the last start (to start it again the same way). */
    public List<String> command() { return command; }
    public Path log() { return log; }
    public boolean ownsPort(int port) { return port >= portMin && port <= portMax; }

    /** kill -STOP / kill -CONT. */
    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
