package com.rayo.node.verbs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * An application's credentials, checked where they live: a login at the XMPP server (c2s) with
 * them. A success is remembered for a few minutes (by a hash of the password) so fetching many
 * recordings costs one login; a refusal is never remembered.
 */
public final class XmppCredentials {
    private final InetSocketAddress c2s;
    private final Clock clock;
    private final Duration remember;
    private final Map<String, Long> valid = new ConcurrentHashMap<>();

    /** The XMPP server could not be asked: neither yes nor no. */
    public static final class Unavailable extends Exception {
        Unavailable(String message) { super(message); }
    }

    public XmppCredentials(InetSocketAddress c2s, Clock clock, Duration remember) {
        this.c2s = c2s;
        this.clock = clock;
        this.remember = remember;
    }

    public boolean valid(String bareJid, String password) throws Unavailable {
        int at = bareJid.indexOf('@');
        if (at <= 0 || at == bareJid.length() - 1 || password.isEmpty()) return false;
        String key = bareJid + '\u0000' + sha256(password);
        Long until = valid.get(key);
        long now = clock.millis();
        if (until != null && until > now) return true;
        XMPPTCPConnection c = null;
        try {
            c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder().setXmppDomain(bareJid.substring(at + 1))
                    .setHost(c2s.getHostString()).setPort(c2s.getPort()).setSecurityMode(SecurityMode.disabled).setSendPresence(false)
                    .setUsernameAndPassword(bareJid.substring(0, at), password).setResource("recordings-check").setConnectTimeout(3000).build());
            c.connect();
            c.login();
            valid.put(key, now + remember.toMillis());
            return true;
        } catch (SASLErrorException e) {
            return false;
        } catch (SmackException | XMPPException | IOException e) {
            throw new Unavailable("the XMPP server at " + c2s.getHostString() + ":" + c2s.getPort() + " could not check the credentials: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        } finally {
            if (c != null) c.disconnect();
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
