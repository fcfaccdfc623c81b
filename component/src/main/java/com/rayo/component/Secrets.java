package com.rayo.component;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.LoggerFactory;

/**
 * Component secrets and the files that hold them: the shipped placeholders are refused for
 * a server on another host (where the XEP-0114 handshake is all that keeps a stranger from
 * posing as the gateway or a node), files with secrets are born private, and a readable
 * one is reported.
 */
public final class Secrets {
    /** How every placeholder secret of the shipped reference.conf files starts. */
    public static final String PLACEHOLDER_PREFIX = "change-me";
    private static final Set<PosixFilePermission> OTHERS_READ = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private Secrets() {}

    /**
     * Refuses a placeholder or empty secret unless the XMPP server is on this host.
     *
     * @throws IllegalArgumentException naming the key and what to do
     */
    public static void checkUsable(String key, String secret, String xmppHost) {
        if (secret.isBlank()) throw new IllegalArgumentException(key + " is empty: set a secret shared with the XMPP server");
        if (secret.startsWith(PLACEHOLDER_PREFIX) && !isLoopback(xmppHost)) {
            throw new IllegalArgumentException(key + " is the shipped placeholder '" + secret + "' and the XMPP server " + xmppHost
                    + " is not on this host: set a secret of your own (e.g. openssl rand -base64 24) in the server's and this process's configuration");
        }
    }

    /** Whether the host is this machine's loopback (a name that does not resolve is not). */
    public static boolean isLoopback(String host) {
        String h = host.trim();
        if (h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]")) return true;
        try {
            for (InetAddress a : InetAddress.getAllByName(h)) if (!a.isLoopbackAddress()) return false;
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Writes a file that holds secrets so that it is never readable by others, not even for a
     * moment: a new file is created with mode 0600, an existing one is replaced by such a file.
     */
    public static void writePrivate(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        FileAttribute<?>[] attrs = posix(dir) ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
                : new FileAttribute<?>[0];
        try {
            Files.write(Files.createFile(tmp, attrs), text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** A warning when group or others may read the file; null when they may not (or it cannot be told). */
    public static String exposure(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.stream().noneMatch(OTHERS_READ::contains)) return null;
            return file + " holds secrets and is readable by " + (p.contains(PosixFilePermission.OTHERS_READ) ? "every user" : "its group")
                    + " (" + PosixFilePermissions.toString(p) + "): chmod 600 " + file;
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
    }

    /** Logs a warning for each file that others may read (called at start with the files a process was given). */
    public static void warnIfExposed(Path... files) {
        for (Path f : files) {
            String w = f == null ? null : exposure(f);
            if (w != null) LoggerFactory.getLogger(Secrets.class).warn("event=secret-file-readable file={} text=\"{}\"", f, w);
        }
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
