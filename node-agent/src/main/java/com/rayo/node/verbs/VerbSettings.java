package com.rayo.node.verbs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code rayo.node.verbs.*}: where rendering and recordings live, and their limits (reference.conf says each). */
public record VerbSettings(Path workDir, List<Path> fileRoots, Duration urlCacheTtl, long cacheSizeMb, Duration fetchTimeout,
                           Duration ttsTimeout, Duration interDigitTimeout, Path recordingsDir, String recordingsBind, int recordingsPort,
                           String recordingsHost, Duration recordingsRetention, java.net.InetSocketAddress recordingsXmpp) {
    public VerbSettings {
        if (recordingsPort < 0 || recordingsPort > 65535) throw new IllegalArgumentException("rayo.node.verbs.recordings.port must be 0-65535");
        if (interDigitTimeout.isNegative() || interDigitTimeout.isZero()) throw new IllegalArgumentException("rayo.node.verbs.inter-digit-timeout must be positive");
    }
}
