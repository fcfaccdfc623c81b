package com.rayo.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real SIPp (Debian's sip-tester) on 127.0.0.1: a built-in scenario ({@code uas}, {@code uac})
 * or one of ours under {@code sipp/} on the class path. SIPp exits 0 when every call of its
 * run followed the scenario, so the exit code is what tests assert.
 */
public final class Sipp implements AutoCloseable {
    public static final String BINARY = "/usr/bin/sipp";
    private final Process process;
    private final Path log;
    private final int port;
    private final List<String> command;

    private Sipp(Process process, Path log, int port, List<String> command) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.command = List.copyOf(command);
    }

    /** The command line it was started with (to start it again the same way). */
    public List<String> command() { return command; }
    public Path log() { return log; }

    public static boolean installed() { return new File(BINARY).canExecute(); }

    /**
     * Starts SIPp on {@code port} for {@code calls} calls (then it exits). {@code scenario} is
     * "uas"/"uac" (built in) or a file name under sipp/ (e.g. "uas-refuse.xml"); {@code target}
     * is the host:port a UAC calls (null for a UAS); {@code extra} more SIPp arguments
     * ({@code -key status 486}, {@code -s user}...).
     */
    public static Sipp start(String scenario, String target, int port, int calls, Path dir, String... extra) throws IOException {
        return start(scenario, java.util.Map.of(), target, port, calls, dir, extra);
    }

    /**
     * The same with {@code ${name}} placeholders of one of our scenarios replaced (SIPp checks
     * status codes when it loads a scenario, so they cannot come from {@code -key}).
     */
    public static Sipp start(String scenario, java.util.Map<String, String> vars, String target, int port, int calls, Path dir, String... extra) throws IOException {
        return start(scenario, vars, target, port, calls, dir, false, extra);
    }

    /**
     * A SIP phone for {@code bin/rayo up}: a UAS on {@code port} answering every call until it is
     * killed, in a session of its own so it outlives the CLI; its log is {@code dir/sipp-PORT.log}.
     * It talks for the whole call (RTP from a looped tone pattern), as a person would, so the
     * relays never end its calls for lack of media.
     */
    public static Sipp phone(int port, Path dir) throws IOException {
        Path voice = dir.resolve("phone-voice.ul");
        writeVoice(voice);
        return start("phone.xml", java.util.Map.of("voice", voice.toString()), null, port, 0, dir, true);
    }

    /** Two seconds of raw µ-law: 1 s of 440 Hz, 1 s of silence (SIPp's rtp_stream loops it). */
    static void writeVoice(Path file) throws IOException {
        byte[] b = new byte[16000];
        for (int i = 0; i < b.length; i++) b[i] = TestPhone.ulaw(i < 8000 ? (int) (6000 * Math.sin(2 * Math.PI * 440 * i / 8000)) : 0);
        Files.write(file, b);
    }

    private static Sipp start(String scenario, java.util.Map<String, String> vars, String target, int port, int calls, Path dir, boolean detached,
                              String... extra) throws IOException {
        if (!installed()) throw new IllegalStateException("SIPp is not installed: apt-get install -y sip-tester");
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        if (detached) cmd.add("setsid");
        cmd.add(BINARY);
        if (target != null) cmd.add(target);
        if (scenario.endsWith(".xml")) {
            Path file = dir.resolve(port + "-" + scenario);
            try (InputStream in = Sipp.class.getResourceAsStream("/sipp/" + scenario)) {
                if (in == null) throw new IllegalArgumentException("no SIPp scenario sipp/" + scenario + " on the class path");
                String xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                for (var v : vars.entrySet()) xml = xml.replace("${" + v.getKey() + "}", v.getValue());
                Files.writeString(file, xml, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            cmd.addAll(List.of("-sf", file.toString()));
        } else {
            cmd.addAll(List.of("-sn", scenario));
        }
        // A media port of its own: two SIPps side by side must not share RTP ports.
        cmd.addAll(List.of("-i", "127.0.0.1", "-p", Integer.toString(port), "-mp", Integer.toString(Ports.freeEven()), "-nostdin",
                "-trace_err", "-error_file", dir.resolve("sipp-" + port + "-errors.log").toString()));
        if (calls > 0) cmd.addAll(List.of("-m", Integer.toString(calls)));
        // A test run ends on its own; a phone runs until bin/rayo down (and keeps no growing message trace).
        if (!detached) cmd.addAll(List.of("-timeout", "60s", "-timeout_error", "-trace_msg", "-message_file", dir.resolve("sipp-" + port + "-messages.log").toString()));
        cmd.addAll(List.of(extra));
        Path log = dir.resolve("sipp-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        if (detached) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        return new Sipp(p, log, port, cmd);
    }

    public int port() { return port; }
    public long pid() { return process.pid(); }
    /** The argument that identifies this SIPp in a process list. */
    public String marker() { return "-p " + port; }

    /** SIPp's exit code once it is done (0: every call as scripted), or -1 when it still runs after {@code max}. */
    public int awaitExit(Duration max) throws InterruptedException {
        return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** Whether SIPp has traced a message starting with {@code startLine} (e.g. "INVITE "); tests that run with a message trace only. */
    public boolean traced(String startLine) {
        try {
            return Files.readString(log.resolveSibling("sipp-" + port + "-messages.log"), java.nio.charset.StandardCharsets.ISO_8859_1).contains("\n" + startLine);
        } catch (IOException e) {
            return false;
        }
    }

    /** What SIPp printed and the errors it traced, for assertion messages. */
    public String output() {
        StringBuilder b = new StringBuilder();
        for (Path p : List.of(log, log.resolveSibling("sipp-" + port + "-errors.log"))) {
            try {
                String s = Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1);
                b.append(s, Math.max(0, s.length() - 4000), s.length()).append('\n');
            } catch (IOException e) {
                // not written yet
            }
        }
        return b.toString();
    }

    @Override public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
