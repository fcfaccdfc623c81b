package com.rayo.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import com.rayo.component.Secrets;

/**
 * The realm file: created with two users and random passwords when missing (readable by
 * its owner only), read back so local tools can show them to the operator.
 */
public final class Realm {
    public static final String ADMIN_USER = "admin";
    public static final String MONITOR_USER = "monitor";

    private Realm() {}

    /** Creates the file when it does not exist; returns true when it did so. */
    public static boolean ensure(Path file) throws IOException {
        if (Files.exists(file)) return false;
        String text = "# Rayo web users (Jetty HashLoginService format: user: password,role). Generated; keep private.\n"
                + ADMIN_USER + ": " + password() + "," + Roles.ADMIN + "\n"
                + MONITOR_USER + ": " + password() + "," + Roles.MONITOR + "\n";
        Secrets.writePrivate(file, text);
        return true;
    }

    /** user → password, as written in the file. */
    public static Map<String, String> passwords(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String user : p.stringPropertyNames()) {
            String v = p.getProperty(user);
            int comma = v.indexOf(',');
            out.put(user, (comma < 0 ? v : v.substring(0, comma)).trim());
        }
        return out;
    }

    private static String password() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
