package com.rayo.node.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** WAV (and the other formats the JDK reads: AU, AIFF; PCM, µ-law, A-law) to {@link Audio} and back. */
public final class Wav {
    private Wav() {}

    /** Any readable sound file's bytes as 8 kHz mono audio; IOException saying what is wrong otherwise. */
    public static Audio decode(byte[] file) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(file))) {
            AudioFormat f = in.getFormat();
            AudioFormat pcm = new AudioFormat(f.getSampleRate(), 16, f.getChannels(), true, false);
            try (AudioInputStream linear = f.matches(pcm) ? in : AudioSystem.getAudioInputStream(pcm, in)) {
                byte[] bytes = linear.readAllBytes();
                int channels = f.getChannels();
                int frames = bytes.length / (2 * channels);
                short[] mono = new short[frames];
                ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < frames; i++) {
                    int sum = 0;
                    for (int c = 0; c < channels; c++) sum += b.getShort();
                    mono[i] = (short) (sum / channels);
                }
                return new Audio(Resampler.to8k(mono, Math.round(f.getSampleRate())));
            } catch (IllegalArgumentException e) {
                throw new IOException("cannot convert " + f.getEncoding() + " audio to linear PCM", e);
            }
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not a sound file this node reads (WAV, AU or AIFF with PCM, µ-law or A-law)");
        }
    }

    public static Audio read(Path file) throws IOException { return decode(Files.readAllBytes(file)); }

    /** 8 kHz mono 16-bit PCM WAV bytes. */
    public static byte[] encode(Audio audio) {
        short[] s = audio.samples();
        ByteBuffer b = ByteBuffer.allocate(44 + s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + s.length * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(Audio.RATE).putInt(Audio.RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(s.length * 2);
        for (short v : s) b.putShort(v);
        return b.array();
    }

    public static void write(Audio audio, Path file) throws IOException { Files.write(file, encode(audio)); }
}
