package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rayo.client.RayoCall;
import com.rayo.protocol.Jid;
import com.rayo.protocol.rayo.Signal;

/**
 * The web console in a real headless Chromium: pages render with live state, an admin
 * action works, a monitor sees no actions and is refused if it tries. Screenshots go to
 * it/target/screenshots/ (docs/console-*.png are copies of them).
 */
class ConsoleTest extends ClusterTest {
    /** Under target/, so a test run leaves the working tree clean; docs/ keeps copies of them. */
    static final Path SHOTS = com.rayo.cassandra.embedded.EmbeddedCassandra.projectRoot().resolve("it/target/screenshots");
    AdminWeb admin;

    @BeforeAll void startWeb() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.installed(), "chromium and chromium-driver are not installed (bin/rayo test installs them)");
        admin = new AdminWeb(cluster);
    }

    @AfterAll void stopWeb() throws Exception {
        if (admin != null) admin.close();
    }

    @Test void anAdminSeesTheClusterAndActs() throws Exception {
        RayoCall call = cluster.client("demo", "console").dial("sip:alice@example.com", null);
        assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT));
        try (HeadlessChromium b = new HeadlessChromium()) {
            b.header("Authorization", admin.basic("admin"));
            b.open(admin.base + "/");
            b.await("two nodes listed", () -> b.count("#nodes tbody tr") == 2, Duration.ofSeconds(10));
            b.await("applications listed", () -> b.count("#apps tbody tr") >= 2, Duration.ofSeconds(10));
            b.await("the active call listed", () -> String.valueOf(b.eval("return document.querySelector('#calls tbody').textContent")).contains(call.id()),
                    Duration.ofSeconds(10));
            b.await("this gateway listed as the holder of the domains", () -> String.valueOf(b.eval("return document.querySelector('#gateways tbody').textContent"))
                    .contains(cluster.gateway().config().gatewayId() + " (this one)UPholder"), Duration.ofSeconds(10));
            assertEquals("admin (admin)", b.eval("return document.getElementById('who').textContent"));
            assertTrue(b.displayed("#register button"), "admin forms are shown to admins");
            b.screenshot(SHOTS.resolve("console-admin.png"));
            b.type("#register input[name=platform]", "staging");
            b.type("#register input[name=name]", "fromconsole");
            b.type("#register input[name=jid]", "fromconsole@localhost");
            b.click("#register button");
            eventually("the console registered the application", () -> cluster.gateway().applications().find(Jid.of("fromconsole@localhost")) != null, WAIT);
            b.click("#quiesce button");
            eventually("the console quiesced the gateway", () -> cluster.gateway().admin().quiesced(), WAIT);
            b.await("the page shows it", () -> String.valueOf(b.eval("return document.getElementById('quiesce').textContent")).startsWith("QUIESCED"), WAIT);
            b.click("#quiesce button");
            eventually("and resumed it", () -> !cluster.gateway().admin().quiesced(), WAIT);
        } finally {
            call.hangup();
            cluster.gateway().admin().quiesce(false);
        }
    }

    @Test void aMonitorSeesButCannotAct() throws Exception {
        com.rayo.client.RayoClient app = cluster.client("demo", "console-room");
        RayoCall first = app.dial("sip:one@example.com", null), second = app.dial("sip:two@example.com", null);
        for (RayoCall c : java.util.List.of(first, second)) {
            assertNotNull(c.awaitSignal(Signal.Type.ANSWERED, WAIT));
            c.join("huddle", null);
            assertNotNull(c.await(com.rayo.protocol.rayo.JoinTarget.class, WAIT));
        }
        assertTrue(cluster.gateway().writes().awaitDrained(WAIT));
        // Who speaks comes from the nodes' speaking events; simulated lines are silent, so the store says it here.
        String id = cluster.gateway().mixers().find(Jid.of("demo@localhost"), "huddle").id();
        cluster.gateway().store().putMixerParticipant(id, new com.rayo.cassandra.store.Rows.ParticipantRow(first.id(), "duplex", true));
        try (HeadlessChromium b = new HeadlessChromium()) {
            b.header("Authorization", admin.basic("monitor"));
            b.open(admin.base + "/");
            b.await("two nodes listed", () -> b.count("#nodes tbody tr") == 2, Duration.ofSeconds(10));
            b.await("the live mixer listed with its application and participants", () -> {
                String row = String.valueOf(b.eval("return document.querySelector('#mixers tbody').textContent"));
                return row.contains("huddle") && row.contains("demo@localhost") && row.contains(first.id()) && row.contains(second.id());
            }, Duration.ofSeconds(10));
            assertEquals(first.id() + " (duplex)", b.eval("return document.querySelector('#mixers tbody strong').textContent"), "the speaker in bold");
            assertEquals("monitor (monitor)", b.eval("return document.getElementById('who').textContent"));
            assertFalse(b.displayed("#register button"), "no admin forms for a monitor");
            assertFalse(b.displayed("#quiesce button"), "no quiesce button for a monitor");
            b.screenshot(SHOTS.resolve("console-monitor.png"));
            first.hangup();
            second.hangup();
            // Even a hand-made request from the page is refused by the server.
            Object status = b.script("const done = arguments[arguments.length - 1];"
                    + "fetch('/rayo/jmx', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                    + " body: JSON.stringify({type: 'exec', mbean: 'com.rayo.gateway:Type=Admin,name=Admin', operation: 'enableQuiesce'})})"
                    + ".then(r => r.json()).then(j => done(j.status)).catch(e => done(String(e)));");
            assertEquals(403L, ((Number) status).longValue());
            assertFalse(cluster.gateway().admin().quiesced());
        }
    }

}
