package com.rayo.component;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    @TempDir Path dir;

    @Test void placeholderSecretsServeOnlyALoopbackServer() {
        assertDoesNotThrow(() -> Secrets.checkUsable("k", "change-me-node", "127.0.0.1"));
        assertDoesNotThrow(() -> Secrets.checkUsable("k", "change-me-node", "localhost"));
        assertDoesNotThrow(() -> Secrets.checkUsable("k", "change-me-node", "::1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Secrets.checkUsable("rayo.node.secret", "change-me-node", "192.0.2.7"));
        assertTrue(e.getMessage().startsWith("rayo.node.secret is the shipped placeholder"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Secrets.checkUsable("k", " ", "127.0.0.1"), "an empty secret never");
        assertDoesNotThrow(() -> Secrets.checkUsable("k", "a-real-secret", "192.0.2.7"));
    }

    @Test void secretFilesAreBornPrivateAndStayPrivateWhenRewritten() throws Exception {
        Path f = dir.resolve("sub/gateway.conf");
        Secrets.writePrivate(f, "secret = a\n");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertNull(Secrets.exposure(f));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(Secrets.exposure(f).contains("readable by every user"), Secrets.exposure(f));
        Secrets.writePrivate(f, "secret = b\n");
        assertEquals("secret = b\n", Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), "a rewrite replaces a readable file by a private one");
        try (var files = Files.list(f.getParent())) {
            assertEquals(1, files.count(), "no temporary file left");
        }
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        assertTrue(Secrets.exposure(f).contains("readable by its group"));
    }
}
