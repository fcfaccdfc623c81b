package com.rayo.node.render;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.rayo.node.media.Audio;
import com.rayo.node.media.Wav;

/** Speech from Debian's espeak-ng: SSML ({@code -m}) or plain text on stdin, a WAV file out. */
public final class Tts {
    public static final String BINARY = "espeak-ng";
    private final Path workDir;
    private final long timeoutMillis;

    public Tts(Path workDir, long timeoutMillis) {
        this.workDir = workDir;
        this.timeoutMillis = timeoutMillis;
    }

    public Audio speak(String text, boolean ssml, String voice) throws RenderException {
        Path out = null;
        try {
            Files.createDirectories(workDir);
            out = Files.createTempFile(workDir, "tts-", ".wav");
            List<String> cmd = new ArrayList<>(List.of(BINARY, "--stdin", "-w", out.toString()));
            if (ssml) cmd.add("-m");
            if (voice != null && !voice.isBlank()) cmd.addAll(List.of("-v", voice));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new RenderException("text to speech took longer than " + timeoutMillis + " ms");
            }
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (said.contains("voice does not exist") || said.contains("Failed to read voice")) throw new RenderException("unknown voice '" + voice + "'");
            if (p.exitValue() != 0 || Files.size(out) <= 44) {
                throw new RenderException("text to speech failed" + (voice == null ? "" : " (voice '" + voice + "')") + (said.isEmpty() ? "" : ": " + said));
            }
            return Wav.read(out);
        } catch (IOException e) {
            throw new RenderException("text to speech unavailable (" + BINARY + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderException("interrupted");
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file in the node's work dir
                }
            }
        }
    }
}
