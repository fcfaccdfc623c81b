package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jolokia.json.parser.JSONParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.gateway.health.NodeState;
import com.rayo.protocol.Jid;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.Signal;

/**
 * The wiki's MBeans over Jolokia on a real gateway: every attribute and operation with the
 * monitor and admin roles, without or with wrong credentials, via GET, {@code ?p=} and
 * POST; effects checked in the state and on the XMPP side.
 */
class AdminWebTest extends ClusterTest {
    static final String GW = "com.rayo.gateway:Type=Gateway";
    static final String STATS = "com.rayo.gateway:Type=GatewayStatistics";
    static final String ADMIN = "com.rayo.gateway:Type=Admin,name=Admin";
    final HttpClient http = HttpClient.newHttpClient();
    AdminWeb admin;
    String base;

    @BeforeAll void startWeb() throws Exception {
        admin = new AdminWeb(cluster);
        base = admin.base;
    }

    @AfterAll void stopWeb() throws Exception {
        if (admin != null) admin.close();
    }

    HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (user != null) b.header("Authorization", admin.basic(user));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String json, String user) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/jmx")).header("Authorization", admin.basic(user))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return (Map<String, Object>) new JSONParser().parse(r.body());
    }

    /** A Jolokia call that must succeed; returns its value. */
    Object ok(String path, String user) throws Exception {
        Map<String, Object> j = json(get("/jmx/" + path, user));
        assertEquals(200L, ((Number) j.get("status")).longValue(), path + " -> " + j);
        return j.get("value");
    }

    /** A Jolokia call that must fail with this status; returns the error text. */
    String fails(String path, String user, long status) throws Exception {
        Map<String, Object> j = json(get("/jmx/" + path, user));
        assertEquals(status, ((Number) j.get("status")).longValue(), path + " -> " + j);
        return String.valueOf(j.get("error"));
    }

    @Test void nothingWithoutTheRightCredentials() throws Exception {
        assertEquals(401, get("/jmx/read/" + STATS, null).statusCode());
        assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + "/jmx/read/" + STATS)).header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:nope".getBytes())).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(401, get("/metrics", null).statusCode());
        assertEquals(401, get("/", null).statusCode());
    }

    @Test void everyAttributeReadsForBothRoles() throws Exception {
        for (String user : List.of("monitor", "admin")) {
            for (String a : List.of("Platforms", "Nodes", "RayoNodes", "ClientApplications", "ActiveClients", "ActiveMixers")) ok("read/" + GW + "/" + a, user);
            for (String a : List.of("ActiveCallsCount", "TotalCallsCount", "ActiveMixersCount", "TotalMixersCount", "ActiveClientsCount", "TotalClientsCount",
                    "TotalResourcesCount", "ActiveRayoNodesCount", "MessagesCount", "ErrorsCount")) {
                assertTrue(ok("read/" + STATS + "/" + a, user) instanceof Number, a);
            }
            for (String a : List.of("QuiesceMode", "ServerName", "ClientApplications", "ActiveClients", "ActiveMixers")) ok("read/" + ADMIN + "/" + a, user);
        }
        List<?> nodes = (List<?>) ok("read/" + GW + "/Nodes", "monitor");
        assertEquals(2, nodes.size());
        assertEquals(2L, ((Number) ok("read/" + STATS + "/ActiveRayoNodesCount", "monitor")).longValue());
        List<?> gateways = (List<?>) ok("exec/" + ADMIN + "/clusterList", "monitor");
        assertEquals("holder", ((Map<?, ?>) gateways.get(0)).get("role"), "the cluster view is a query monitors may run");
        List<?> stats = (List<?>) ok("exec/" + ADMIN + "/clusterStatistics", "monitor");
        assertTrue(String.valueOf(((Map<?, ?>) stats.get(0)).get("reply")).startsWith("calls="), stats.toString());
        fails("exec/" + ADMIN + "/clusterSetLogLevel/com.rayo/DEBUG", "monitor", 403);
    }

    @Test void aMonitorCannotActWhateverTheRequestForm() throws Exception {
        fails("exec/java.lang:type=Memory/gc", "monitor", 403);
        fails("exec/" + ADMIN + "/enableQuiesce", "monitor", 403);
        assertEquals(403L, ((Number) json(get("/jmx?p=/exec/" + ADMIN + "/enableQuiesce", "monitor")).get("status")).longValue());
        Map<String, Object> viaPost = json(post("{\"type\":\"exec\",\"mbean\":\"" + ADMIN + "\",\"operation\":\"enableQuiesce\"}", "monitor"));
        assertEquals(403L, ((Number) viaPost.get("status")).longValue());
        String bulk = post("[{\"type\":\"exec\",\"mbean\":\"" + ADMIN + "\",\"operation\":\"ban\",\"arguments\":[\"demo@localhost\"]}]", "monitor").body();
        assertTrue(bulk.contains("403"), bulk);
        fails("write/" + ADMIN + "/QuiesceMode/true", "monitor", 403);
        assertFalse(cluster.gateway().admin().quiesced(), "nothing changed");
        assertFalse(cluster.gateway().admission().bans().isBanned(Jid.of("demo@localhost/x")));
    }

    @Test void jvmDiagnosticMBeansAreDeniedEvenToAdmins() throws Exception {
        fails("exec/com.sun.management:type=DiagnosticCommand/vmVersion", "admin", 403);
        fails("exec/com.sun.management:type=HotSpotDiagnostic/dumpHeap/x.hprof/true", "admin", 403);
        fails("read/com.sun.management:type=HotSpotDiagnostic/DiagnosticOptions", "admin", 403);
    }

    @Test void noCrossOriginAccess() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/jmx/read/" + STATS)).header("Authorization", admin.basic("admin"))
                .header("Origin", "http://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "no CORS grant: " + r.headers().map());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/jmx")).header("Authorization", admin.basic("admin"))
                .header("Origin", "http://evil.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"exec\",\"mbean\":\"" + ADMIN + "\",\"operation\":\"enableQuiesce\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(post.body().contains("403") || post.statusCode() == 403, "a cross-origin request is refused: " + post.body());
        assertFalse(cluster.gateway().admin().quiesced());
    }

    HttpResponse<String> getWith(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", admin.basic("admin"));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A browser holding the admin's credentials, driven by another site (an img tag, a link, a
     * form): every request it marks as cross-site is refused and changes nothing; curl and the
     * console's own requests pass.
     */
    @Test void crossSiteRequestsFromABrowserAreRefused() throws Exception {
        String ban = "/jmx/exec/" + ADMIN + "/ban/demo@localhost";
        String own = base.substring(0, base.indexOf("/rayo"));
        List<String[]> attacks = List.of(
                new String[] { "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "image" },
                new String[] { "Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document" },
                new String[] { "Origin", "http://evil.example" },
                new String[] { "Origin", "null" },
                new String[] { "Referer", "http://evil.example/page.html" },
                new String[] { "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Dest", "image" },
                new String[] { "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty" });
        for (String[] headers : attacks) {
            HttpResponse<String> r = getWith(ban, headers);
            assertEquals(403, r.statusCode(), String.join(" ", headers) + " -> " + r.body());
            assertTrue(r.body().contains("\"error\":\"refused"), r.body());
            assertFalse(cluster.gateway().admission().bans().isBanned(Jid.of("demo@localhost/x")), "no ban after " + String.join(" ", headers));
        }
        // What passes: curl (no browser headers), a typed-in URL, the console's own requests.
        String harmless = "/jmx/read/" + STATS + "/ActiveRayoNodesCount";
        assertEquals(200, getWith(harmless).statusCode());
        assertEquals(200, getWith(harmless, "Sec-Fetch-Site", "none", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document").statusCode());
        assertEquals(200, getWith(harmless, "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Dest", "empty", "Origin", own, "Referer", own + "/rayo/",
                "X-Rayo-Console", "1").statusCode());
    }

    HttpResponse<String> cql(String statement, String user) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/cql")).header("Authorization", admin.basic(user))
                .POST(HttpRequest.BodyPublishers.ofString(statement)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What bin/rayo state and cql ask the running gateway: live and ended calls, any view, CQL for admins. */
    @Test void theClusterStateThroughTheGatewaysWeb() throws Exception {
        RayoClient app = cluster.client("demo", "state");
        RayoCall live = app.dial("sip:live@example.com", null);
        RayoCall over = app.dial("sip:over@example.com", null);
        assertNotNull(live.awaitSignal(Signal.Type.ANSWERED, WAIT));
        assertNotNull(over.awaitSignal(Signal.Type.ANSWERED, WAIT));
        over.hangup();
        assertTrue(cluster.gateway().writes().awaitDrained(WAIT));
        Thread.sleep(200);
        String active = get("/state/calls?limit=1000", "monitor").body();
        assertTrue(active.contains(live.id()) && !active.contains(over.id()), active);
        Map<String, Object> ended = json(get("/state/calls?ended=true&since=5m&filter=" + java.net.URLEncoder.encode("callId=" + over.id(), "UTF-8"), "monitor"));
        assertEquals(1L, ((Number) ended.get("total")).longValue(), "the ended call, by time window: " + ended);
        Map<?, ?> row = (Map<?, ?>) ((List<?>) ended.get("rows")).get(0);
        assertEquals("hangup-command", row.get("endReason"));
        assertEquals("demo@localhost", row.get("appJid"));
        assertTrue(json(get("/state/nodes", "monitor")).get("total") instanceof Number);
        HttpResponse<String> bad = get("/state/calls?filter=color=red", "monitor");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("no field 'color' in calls"), bad.body());
        assertEquals(400, get("/state/nope", "monitor").statusCode());
        assertEquals(403, cql("SELECT call_id FROM calls LIMIT 1", "monitor").statusCode(), "CQL is for admins");
        HttpResponse<String> q = cql("SELECT call_id, state FROM calls WHERE call_id = '" + over.id() + "'", "admin");
        assertEquals(200, q.statusCode(), q.body());
        assertTrue(q.body().contains("\"columns\":[\"call_id\",\"state\"]") && q.body().contains(over.id()) && q.body().contains("ended"), q.body());
        HttpResponse<String> wrong = cql("SELEC x", "admin");
        assertEquals(400, wrong.statusCode());
        assertTrue(wrong.body().contains("CQL error"), wrong.body());
        assertEquals(403, getWith("/state/calls", "Sec-Fetch-Site", "cross-site").statusCode(), "guarded like Jolokia");
        live.hangup();
    }

    @Test void aMonitorReadsNoJvmArgumentsOrSystemProperties() throws Exception {
        String secret = "rayo.test.secret";
        System.setProperty(secret, "hunter2");
        try {
            for (String path : List.of("read/java.lang:type=Runtime/InputArguments", "read/java.lang:type=Runtime/SystemProperties",
                    "read/java.lang:type=Runtime/ClassPath", "read/java.lang:type=Runtime", "read/java.lang:type=*/SystemProperties")) {
                HttpResponse<String> r = get("/jmx/" + path, "monitor");
                assertFalse(r.body().contains("hunter2") || r.body().contains("-Xm") || r.body().contains(".jar"), path + " leaks: " + r.body());
            }
            assertEquals(403L, ((Number) json(get("/jmx/read/java.lang:type=Runtime/SystemProperties", "monitor")).get("status")).longValue());
            String bulk = post("[{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"InputArguments\"},"
                    + "{\"type\":\"search\",\"mbean\":\"*:*\"}]", "monitor").body();
            assertFalse(bulk.contains("hunter2") || bulk.contains("-Xm"), bulk);
            assertFalse(bulk.contains("java.util.logging"), "other MBeans are hidden from monitors: " + bulk);
            String list = get("/jmx/list", "monitor").body();
            assertFalse(list.contains("java.nio"), "hidden from the list too");
            // What a monitor does see: the Rayo MBeans and the JVM's health gauges.
            assertTrue(((Number) ok("read/java.lang:type=Memory/HeapMemoryUsage/used", "monitor")).longValue() > 0);
            assertTrue(((Number) ok("read/java.lang:type=Threading/ThreadCount", "monitor")).longValue() > 0);
            assertTrue(((Number) ok("read/java.lang:type=Runtime/Uptime", "monitor")).longValue() > 0);
            assertNotNull(ok("read/" + STATS + "/ActiveRayoNodesCount", "monitor"));
            // Admins still read everything.
            assertTrue(String.valueOf(ok("read/java.lang:type=Runtime/SystemProperties", "admin")).contains("hunter2"));
        } finally {
            System.clearProperty(secret);
        }
    }

    @Test void theWikisCurlUrlsWorkVerbatimAndTakeEffectOnTheXmppSide() throws Exception {
        cluster.prosody().addUser("voxeolabs", "pw");
        ok("exec/" + ADMIN + "/registerApplication/staging/voxeolabs/voxeolabs@localhost", "admin");
        ok("exec/" + ADMIN + "/registerAddress/voxeolabs@localhost/sip:usera@node-ext.example.net", "admin");
        Map<?, ?> app = (Map<?, ?>) ok("exec/" + GW + "/getClientApplication/voxeolabs@localhost", "monitor");
        assertEquals("voxeolabs", app.get("name"));
        assertEquals(List.of("sip:usera@node-ext.example.net"), ok("exec/" + GW + "/getAddressesForJid/voxeolabs@localhost", "monitor"));
        assertEquals(List.of("sip:usera@node-ext.example.net"), ok("exec/" + GW + "/getAddressesForAppId/voxeolabs", "monitor"));
        RayoClient vox = RayoClient.connect(new RayoClient.Settings("127.0.0.1", cluster.layout().c2sPort(), "localhost", "voxeolabs", "pw", "r1", "rayo.localhost"));
        try {
            eventually("the resource is known", () -> cluster.gateway().applications().isConnected(Jid.of("voxeolabs@localhost/r1")), WAIT);
            eventually("and stored", () -> cluster.gateway().store().resourcesOf("voxeolabs@localhost").size() == 1, WAIT);
            assertEquals(1, ((List<?>) ok("exec/" + GW + "/getResourcesForJid/voxeolabs@localhost", "monitor")).size());
            assertEquals(1, ((List<?>) ok("exec/" + GW + "/getResourcesForAppId/voxeolabs", "monitor")).size());
            LinkedBlockingQueue<RayoCall> offers = new LinkedBlockingQueue<>();
            vox.onOffer(offers::add);
            sim(1).inbound("sip:usera@node-ext.example.net", "sip:caller@example.net", List.of());
            RayoCall offered = offers.poll(5, TimeUnit.SECONDS);
            assertNotNull(offered, "the registered address receives offers");
            Map<?, ?> info = (Map<?, ?>) ok("exec/" + GW + "/callInfo/" + offered.id(), "monitor");
            assertEquals("voxeolabs@localhost", info.get("application"));
            offered.hangup();

            ok("exec/" + ADMIN + "/ban/voxeolabs@localhost", "admin");
            RayoException banned = assertThrows(RayoException.class, () -> vox.dial("sip:x@example.com", null));
            assertEquals(StanzaError.FORBIDDEN, banned.condition(), "a banned app is refused");
            ok("exec/" + ADMIN + "/unban/voxeolabs@localhost", "admin");
            RayoCall allowed = vox.dial("sip:x@example.com", null);
            assertNotNull(allowed.awaitSignal(Signal.Type.ANSWERED, WAIT));
            allowed.hangup();

            ok("exec/" + ADMIN + "/enableQuiesce", "admin");
            assertEquals(true, ok("read/" + ADMIN + "/QuiesceMode", "monitor"));
            assertEquals(StanzaError.SERVICE_UNAVAILABLE, assertThrows(RayoException.class, () -> vox.dial("sip:y@example.com", null)).condition(),
                    "a quiesced gateway refuses dials");
            ok("exec/" + ADMIN + "/disableQuiesce", "admin");
        } finally {
            vox.close();
        }
        ok("exec/" + ADMIN + "/unregisterAddress/sip:usera@node-ext.example.net", "admin");
        ok("exec/" + ADMIN + "/unregisterApplication/voxeolabs@localhost", "admin");
        assertNull(cluster.gateway().applications().find(Jid.of("voxeolabs@localhost")));
        assertTrue(cluster.gateway().store().application("voxeolabs@localhost").isEmpty(), "removed from Cassandra too");
    }

    @Test void nodeOperationsAndSettings() throws Exception {
        assertEquals(2, ((List<?>) ok("exec/" + GW + "/getRayoNodes/staging", "monitor")).size());
        ok("exec/" + ADMIN + "/blacklist/staging/node1.localhost/true", "admin");
        assertEquals(NodeState.DISABLED, cluster.gateway().nodes().find("node1.localhost").health().state());
        ok("exec/" + ADMIN + "/blacklist/staging/node1.localhost/false", "admin");
        eventually("node1 probed back", () -> cluster.gateway().nodes().find("node1.localhost").takesCalls(), WAIT);
        ok("exec/" + ADMIN + "/maxDialRetries/4", "admin");
        assertEquals(4, cluster.gateway().admin().maxDialRetries());
        ok("exec/" + ADMIN + "/maxDialRetries/2", "admin");
        ok("exec/" + ADMIN + "/setLogLevel/com.rayo/DEBUG", "admin");
        assertTrue(org.slf4j.LoggerFactory.getLogger("com.rayo").isDebugEnabled(), "the level changed at run time");
        ok("exec/" + ADMIN + "/setLogLevel/com.rayo/WARN", "admin");
        ok("exec/" + ADMIN + "/removeNode/node2.localhost", "admin");
        assertNull(cluster.gateway().nodes().find("node2.localhost"), "removed");
        eventually("node2 announces itself again", () -> cluster.gateway().nodes().find("node2.localhost") != null, java.time.Duration.ofSeconds(10));
    }

    @Test void badArgumentsGetAJsonErrorThatSaysWhatIsWrongAndChangeNothing() throws Exception {
        int apps = cluster.gateway().applications().all().size();
        assertTrue(fails("exec/" + ADMIN + "/registerApplication/nowhere/x/x@localhost", "admin", 400).contains("unknown platform 'nowhere'"));
        assertTrue(fails("exec/" + ADMIN + "/registerApplication/staging/x/not%20a%20jid@@", "admin", 400).contains("malformed"));
        assertTrue(fails("exec/" + ADMIN + "/registerAddress/ghost@localhost/sip:a@b.c", "admin", 400).contains("no application ghost@localhost"));
        assertTrue(fails("exec/" + ADMIN + "/registerAddress/demo@localhost/mailto:a@b", "admin", 400).contains("malformed address"));
        assertTrue(fails("exec/" + ADMIN + "/blacklist/staging/node9.localhost/true", "admin", 400).contains("no Rayo node node9.localhost"));
        assertTrue(fails("exec/" + ADMIN + "/maxDialRetries/-3", "admin", 400).contains("between 0 and 100"));
        assertTrue(fails("exec/" + ADMIN + "/setLogLevel/com.rayo/LOUD", "admin", 400).contains("unknown log level"));
        assertTrue(fails("exec/" + GW + "/callInfo/nosuchcall", "monitor", 400).contains("no call nosuchcall"));
        assertTrue(fails("exec/" + GW + "/mixerInfo/nosuchmixer", "monitor", 400).contains("no mixer nosuchmixer"));
        assertTrue(fails("exec/" + GW + "/activeVerbs/nosuchmixer", "monitor", 400).contains("no mixer nosuchmixer"));
        assertEquals(apps, cluster.gateway().applications().all().size(), "nothing registered");
    }

    @Test void aRequestFloodIsPacedThenRefusedWith429() throws Exception {
        java.nio.file.Path realm = java.nio.file.Files.createTempDirectory("rayo-realm").resolve("realm.properties");
        com.rayo.web.Realm.ensure(realm);
        String auth = "Basic " + Base64.getEncoder().encodeToString(("monitor:" + com.rayo.web.Realm.passwords(realm).get("monitor")).getBytes());
        com.rayo.web.WebSettings tight = new com.rayo.web.WebSettings(true, "127.0.0.1", com.rayo.testkit.Ports.free(), realm, 5, 2, java.time.Duration.ofMillis(300));
        try (com.rayo.web.WebServer w = new com.rayo.web.WebServer(tight, cluster.gateway())) {
            int ok = 0, refused = 0;
            String body = "";
            long t0 = System.nanoTime();
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> flood = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                flood.add(HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + w.port() + "/rayo/jmx/read/" + STATS))
                        .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (var f : flood) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 200) ok++;
                else if (r.statusCode() == 429) {
                    refused++;
                    body = r.body();
                }
            }
            assertTrue(ok >= 3, "the burst and paced requests are served: " + ok);
            assertTrue(refused >= 1, "beyond the wait: 429");
            assertTrue(body.contains("too many admin requests"), body);
            assertTrue((System.nanoTime() - t0) / 1_000_000 >= 150, "requests were paced, not just refused");
        }
    }

    @Test void prometheusMetrics() throws Exception {
        RayoCall c = cluster.client("demo", "metrics").dial("sip:m@example.com", null);
        c.hangup();
        HttpResponse<String> r = get("/metrics", "monitor");
        assertEquals(200, r.statusCode());
        for (String m : List.of("rayo_dials_total", "rayo_dial_latency_seconds_bucket", "rayo_node_calls{", "node=\"node1.localhost\"", "rayo_store_queue_depth",
                "rayo_node_up{", "rayo_calls_active")) {
            assertTrue(r.body().contains(m), m + " in\n" + r.body());
        }
    }

    @Test void mixersThroughTheAdminPlane() throws Exception {
        RayoClient app = cluster.client("demo", "mixers");
        List<RayoCall> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 4 && calls.stream().map(c -> cluster.gateway().calls().find(c.id()).nodeDomain()).distinct().count() < 2 || calls.size() < 2; i++) {
            RayoCall c = app.dial("sip:conf" + i + "@example.com", null);
            assertNotNull(c.awaitSignal(Signal.Type.ANSWERED, WAIT));
            calls.add(c);
        }
        long before = ((Number) ok("read/" + STATS + "/TotalMixersCount", "monitor")).longValue();
        for (RayoCall c : calls) c.join("Board", null);
        for (RayoCall c : calls) assertNotNull(c.await(com.rayo.protocol.rayo.JoinTarget.class, WAIT), "joined");
        assertTrue(cluster.gateway().writes().awaitDrained(WAIT));
        assertEquals(before + 1, ((Number) ok("read/" + STATS + "/TotalMixersCount", "monitor")).longValue());
        eventually("ActiveMixersCount counts it", () -> {
            try {
                return ((Number) ok("read/" + STATS + "/ActiveMixersCount", "monitor")).longValue() >= 1;
            } catch (Exception e) {
                return false;
            }
        }, WAIT);
        Map<?, ?> info = (Map<?, ?>) ok("exec/" + GW + "/mixerInfo/board", "monitor");
        assertEquals("board", info.get("name"));
        assertEquals("demo@localhost", info.get("application"));
        assertEquals(calls.size(), ((List<?>) info.get("participants")).size(), info.toString());
        assertTrue(String.valueOf(ok("read/" + GW + "/ActiveMixers", "monitor")).contains("board"));
        // A long announcement to the room: the mixer's running verbs show it.
        RayoCall room = app.mixer("board");
        com.rayo.client.RayoComponent out = room.output(new com.rayo.protocol.rayo.Output(null, null, null, null, null, null, null, List.of(
                new com.rayo.protocol.rayo.Document("application/ssml+xml", null, com.rayo.protocol.xml.XmlElement.parse(
                        "<document xmlns='urn:xmpp:rayo:output:1' content-type='application/ssml+xml'><speak xmlns='http://www.w3.org/2001/10/synthesis'><break time='5s'/></speak></document>")))));
        assertEquals(List.of("output " + out.id()), ok("exec/" + GW + "/activeVerbs/" + info.get("id"), "monitor"), "by id as by name");
        Map<String, Object> state = json(get("/state/mixers", "monitor"));
        assertTrue(state.toString().contains("board") && state.toString().contains(calls.get(0).id() + "(duplex"), state.toString());
        assertTrue(get("/metrics", "monitor").body().contains("rayo_mixers_active"), "Prometheus has the mixer gauges");
        // A dial that joins the room once answered (XEP-0327 6.2.1.1).
        RayoCall late = app.dial(new com.rayo.protocol.rayo.Dial("sip:late@example.com", null, null, List.of(),
                List.of(new com.rayo.protocol.rayo.Join("recv", null, null, "board"))));
        assertNotNull(late.awaitSignal(Signal.Type.ANSWERED, WAIT));
        com.rayo.protocol.rayo.JoinTarget lateJoined = late.await(com.rayo.protocol.rayo.JoinTarget.class, WAIT);
        assertNotNull(lateJoined, "the dialled call joins the room once answered");
        assertEquals("board", lateJoined.mixerName());
        calls.add(late);
        assertNotNull(out.await(WAIT), "the announcement completes");
        for (RayoCall c : calls) c.hangup();
        assertTrue(room.awaitPresence(false, WAIT), "gone with its last participant");
        assertTrue(cluster.gateway().writes().awaitDrained(WAIT));
        assertTrue(fails("exec/" + GW + "/mixerInfo/board", "monitor", 400).contains("no mixer board"));
    }
}
