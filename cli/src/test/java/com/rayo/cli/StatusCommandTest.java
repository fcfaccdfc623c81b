package com.rayo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jolokia.json.parser.JSONParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rayo.web.Realm;

/** {@code status --json} says for scripts what the text says for people: the admin URL and the web users too. */
class StatusCommandTest {
    @TempDir Path root;

    @Test void theJsonHasTheAdminUrlAndTheWebUsers() throws Exception {
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("conf/gateway.conf"), "rayo.web.port = 18080\n");
        Realm.ensure(root.resolve("conf/realm.properties"));
        Map<String, String> users = Realm.passwords(root.resolve("conf/realm.properties"));
        PrintStream out = System.out;
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        System.setOut(new PrintStream(seen, true));
        try {
            new StatusCommand(root).run(true);
        } finally {
            System.setOut(out);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) new JSONParser().parse(seen.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> admin = (Map<String, Object>) json.get("admin");
        assertEquals("http://127.0.0.1:18080/rayo/", admin.get("url"));
        assertEquals(root.resolve("conf/realm.properties").toString(), admin.get("realm"));
        List<?> listed = (List<?>) admin.get("users");
        assertEquals(2, listed.size());
        for (Object o : listed) {
            Map<?, ?> u = (Map<?, ?>) o;
            assertEquals(users.get((String) u.get("user")), u.get("password"), "the password of " + u.get("user"));
        }
    }
}
