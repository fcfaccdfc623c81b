package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.rayo.cli.LocalCluster;

/**
 * The provisioning REST API with a real HTTP client against the real gateway (Prosody, the embedded
 * Cassandra): every answer is checked against the OpenAPI document the gateway serves, with a
 * JSON-schema validator from Maven Central.
 */
class ApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static LocalCluster cluster;
    static AdminWeb web;
    static JsonNode openapi;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll static void start() throws Exception {
        cluster = LocalCluster.start(1, "native", "", "");
        web = new AdminWeb(cluster);
        HttpResponse<String> doc = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(web.base + "/api/openapi.json"))
                .header("Authorization", web.basic("monitor")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, doc.statusCode());
        openapi = JSON.readTree(doc.body());
        assertEquals("3.1.0", openapi.get("openapi").asText());
    }

    @AfterAll static void stop() throws Exception {
        if (web != null) web.close();
        if (cluster != null) cluster.close();
    }

    HttpResponse<String> call(String user, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(web.base + "/api" + path)).header("Authorization", web.basic(user))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body against a schema of the served OpenAPI document; returns it parsed. */
    static JsonNode conforms(HttpResponse<String> r, String schema) throws Exception {
        ObjectNode root = openapi.deepCopy();
        root.put("$ref", "#/components/schemas/" + schema);
        JsonNode body = JSON.readTree(r.body());
        Set<ValidationMessage> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root).validate(body);
        assertEquals(Set.of(), errors, schema + ": " + r.body());
        return body;
    }

    static JsonNode problem(HttpResponse<String> r, int status, String field) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.headers().map().toString());
        JsonNode p = conforms(r, "Problem");
        assertEquals(status, p.get("status").asInt());
        if (field != null) assertEquals(field, p.path("field").asText(), r.body());
        return p;
    }

    String platform() throws Exception {
        JsonNode page = conforms(call("monitor", "GET", "/v1/applications", null), "ApplicationPage");
        return page.get("items").get(0).get("platform").asText();
    }

    @Test void monitorsReadAdminsWriteAndAStaleETagIsRefused() throws Exception {
        HttpResponse<String> list = call("monitor", "GET", "/v1/applications", null);
        assertEquals(200, list.statusCode());
        JsonNode page = conforms(list, "ApplicationPage");
        assertTrue(page.get("items").toString().contains("demo@localhost"), list.body());
        String platform = platform();
        String body = "{\"jid\":\"api@localhost\",\"name\":\"api\",\"platform\":\"" + platform + "\",\"addresses\":[\"sip:api@example.com\"]}";

        problem(call("monitor", "POST", "/v1/applications", body), 403, null);
        assertEquals(401, call("nobody", "GET", "/v1/applications", null).statusCode());

        HttpResponse<String> created = call("admin", "POST", "/v1/applications", body);
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/v1/applications/api@localhost"));
        JsonNode app = conforms(created, "Application");
        assertEquals("[\"sip:api@example.com\"]", app.get("addresses").toString());
        assertTrue(cluster.gateway().store().application("api@localhost").isPresent(), "stored for every gateway");
        problem(call("admin", "POST", "/v1/applications", body), 409, null);

        HttpResponse<String> read = call("monitor", "GET", "/v1/applications/api@localhost", null);
        assertEquals(200, read.statusCode());
        conforms(read, "Application");
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertEquals(created.headers().firstValue("ETag").orElseThrow(), etag);

        String changed = "{\"name\":\"api2\",\"platform\":\"" + platform + "\",\"addresses\":[\"sip:api2@example.com\",\"tel:+15550100\"]}";
        problem(call("admin", "PUT", "/v1/applications/api@localhost", changed, "If-Match", "\"0123456789abcdef\""), 412, null);
        HttpResponse<String> put = call("admin", "PUT", "/v1/applications/api@localhost", changed, "If-Match", etag);
        assertEquals(200, put.statusCode(), put.body());
        JsonNode after = conforms(put, "Application");
        assertEquals("api2", after.get("name").asText());
        assertEquals("[\"sip:api2@example.com\",\"tel:+15550100\"]", after.get("addresses").toString());
        assertNotEquals(etag, put.headers().firstValue("ETag").orElseThrow());
        problem(call("admin", "PUT", "/v1/applications/api@localhost", changed, "If-Match", etag), 412, null);

        assertEquals(204, call("admin", "DELETE", "/v1/applications/api@localhost", null).statusCode());
        problem(call("monitor", "GET", "/v1/applications/api@localhost", null), 404, null);
        problem(call("admin", "DELETE", "/v1/applications/api@localhost", null), 404, null);
        assertTrue(cluster.gateway().store().application("api@localhost").isEmpty());
    }

    @Test void badInputIsAProblemNamingTheFieldAndNothingIsWritten() throws Exception {
        String platform = platform();
        problem(call("admin", "POST", "/v1/applications", "{\"jid\":"), 400, null);
        problem(call("admin", "POST", "/v1/applications", "{\"jid\":\"x@localhost\",\"name\":\"x\",\"platform\":\"" + platform + "\",\"color\":\"red\"}"), 400, "color");
        problem(call("admin", "POST", "/v1/applications", "{\"jid\":\"x@localhost\",\"name\":5,\"platform\":\"" + platform + "\"}"), 400, "name");
        problem(call("admin", "POST", "/v1/applications", "{\"jid\":\"x@localhost/res\",\"name\":\"x\",\"platform\":\"" + platform + "\"}"), 400, "jid");
        problem(call("admin", "POST", "/v1/applications", "{\"jid\":\"x@localhost\",\"name\":\"x\",\"platform\":\"nowhere\"}"), 400, "platform");
        problem(call("admin", "POST", "/v1/applications", "{\"jid\":\"x@localhost\",\"name\":\"x\",\"platform\":\"" + platform + "\",\"addresses\":[\"not a uri\"]}"), 400, "addresses");
        problem(call("admin", "POST", "/v1/applications", "{\"jid\":\"x@localhost\",\"platform\":\"" + platform + "\"}"), 400, "name");
        problem(call("admin", "POST", "/v1/applications", "{\"jid\":\"x@localhost\",\"name\":\"" + "x".repeat(70_000) + "\"}"), 413, null);
        problem(call("monitor", "GET", "/v1/applications/x@localhost", null), 404, null);
        assertTrue(cluster.gateway().store().application("x@localhost").isEmpty(), "nothing written");

        problem(call("monitor", "GET", "/v1/applications?limit=0", null), 400, "limit");
        problem(call("monitor", "GET", "/v1/applications?page=first", null), 400, "page");
        JsonNode one = conforms(call("monitor", "GET", "/v1/applications?limit=1", null), "ApplicationPage");
        assertEquals(1, one.get("items").size());
        assertTrue(one.get("total").asInt() >= 2 && one.get("more").asBoolean(), one.toString());
        JsonNode second = conforms(call("monitor", "GET", "/v1/applications?limit=1&page=2", null), "ApplicationPage");
        assertNotEquals(one.get("items").get(0).get("jid"), second.get("items").get(0).get("jid"), "page 2 is the next one");
        problem(call("monitor", "GET", "/v1/nothing-here", null), 404, null);
        problem(call("admin", "PATCH", "/v1/applications", "{}"), 405, null);
    }

    @Test void nodesAreListedDrainedAndResumedAndTheClusterQuiesced() throws Exception {
        JsonNode page = conforms(call("monitor", "GET", "/v1/nodes", null), "NodePage");
        assertEquals(1, page.get("total").asInt(), page.toString());
        String node = page.get("items").get(0).get("domain").asText();
        assertEquals("AVAILABLE", conforms(call("monitor", "GET", "/v1/nodes/" + node, null), "Node").get("state").asText());
        problem(call("monitor", "GET", "/v1/nodes/nowhere.localhost", null), 404, null);
        problem(call("monitor", "GET", "/v1/nodes?platform=nowhere", null), 400, "platform");
        problem(call("monitor", "POST", "/v1/nodes/" + node + "/drain", null), 403, null);
        problem(call("admin", "POST", "/v1/nodes/" + node + "/drain", "{\"timeoutSeconds\":-1}"), 400, "timeoutSeconds");

        HttpResponse<String> drained = call("admin", "POST", "/v1/nodes/" + node + "/drain", "{\"timeoutSeconds\":30}");
        assertEquals(200, drained.statusCode(), drained.body());
        conforms(drained, "Outcome");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!conforms(call("monitor", "GET", "/v1/nodes/" + node, null), "Node").get("state").asText().equals("DRAINING")) {
            assertTrue(System.nanoTime() < deadline, "the node says it drains");
            Thread.sleep(100);
        }
        conforms(call("admin", "POST", "/v1/nodes/" + node + "/resume", null), "Outcome");
        while (!conforms(call("monitor", "GET", "/v1/nodes/" + node, null), "Node").get("state").asText().equals("AVAILABLE")) {
            assertTrue(System.nanoTime() < deadline + 5_000_000_000L, "and is available again");
            Thread.sleep(100);
        }

        problem(call("monitor", "PUT", "/v1/nodes/" + node + "/blacklist", null), 403, null);
        assertEquals("DISABLED", conforms(call("admin", "PUT", "/v1/nodes/" + node + "/blacklist", null), "Node").get("state").asText());
        String lifted = conforms(call("admin", "DELETE", "/v1/nodes/" + node + "/blacklist", null), "Node").get("state").asText();
        assertNotEquals("DISABLED", lifted, "lifted: probed again before it takes calls");
        long back = System.nanoTime() + 10_000_000_000L;
        while (!conforms(call("monitor", "GET", "/v1/nodes/" + node, null), "Node").get("state").asText().equals("AVAILABLE")) {
            assertTrue(System.nanoTime() < back, "the probe brings it back");
            Thread.sleep(100);
        }

        assertFalse(conforms(call("monitor", "GET", "/v1/quiesce", null), "Quiesce").get("quiesced").asBoolean());
        problem(call("monitor", "PUT", "/v1/quiesce", "{\"quiesced\":true}"), 403, null);
        problem(call("admin", "PUT", "/v1/quiesce", "{\"quiesced\":\"yes\"}"), 400, "quiesced");
        assertTrue(conforms(call("admin", "PUT", "/v1/quiesce", "{\"quiesced\":true}"), "Quiesce").get("quiesced").asBoolean());
        assertTrue(cluster.gateway().admin().quiesced(), "the gateway takes no new calls");
        assertFalse(conforms(call("admin", "PUT", "/v1/quiesce", "{\"quiesced\":false}"), "Quiesce").get("quiesced").asBoolean());
        assertFalse(cluster.gateway().admin().quiesced());
    }

    @Test void bansGatewaysAndLiveCalls() throws Exception {
        problem(call("monitor", "PUT", "/v1/bans/spammer@localhost", "{\"reason\":\"spam\"}"), 403, null);
        conforms(call("admin", "PUT", "/v1/bans/spammer@localhost", "{\"reason\":\"spam\"}"), "Banned");
        JsonNode bans = conforms(call("monitor", "GET", "/v1/bans", null), "BanPage");
        assertTrue(bans.get("items").toString().contains("\"jid\":\"spammer@localhost\",\"reason\":\"spam\""), bans.toString());
        // At once, and kept: a store refresh that read the bans before this one does not undo it.
        for (int i = 0; i < 10; i++) {
            assertTrue(cluster.gateway().admission().bans().all().contains("spammer@localhost"), "in force on the gateway");
            Thread.sleep(100);
        }
        problem(call("admin", "PUT", "/v1/bans/not%20a%20jid@@", null), 400, "jid");
        assertEquals(204, call("admin", "DELETE", "/v1/bans/spammer@localhost", null).statusCode());
        problem(call("admin", "DELETE", "/v1/bans/spammer@localhost", null), 404, null);

        JsonNode gateways = conforms(call("monitor", "GET", "/v1/gateways", null), "GatewayPage");
        assertTrue(gateways.get("items").toString().contains("\"self\":true"), gateways.toString());

        com.rayo.client.RayoClient app = cluster.client("demo", "api-calls");
        com.rayo.client.RayoCall c = app.dial("sip:api@example.com", null);
        assertTrue(cluster.gateway().writes().awaitDrained(java.time.Duration.ofSeconds(10)));
        JsonNode one = conforms(call("monitor", "GET", "/v1/calls/" + c.id(), null), "Call");
        assertEquals("demo@localhost", one.get("application").asText());
        assertEquals("OUTBOUND", one.get("direction").asText());
        JsonNode live = conforms(call("monitor", "GET", "/v1/calls?filter=" + c.id(), null), "CallPage");
        assertEquals(1, live.get("items").size(), live.toString());
        problem(call("monitor", "GET", "/v1/calls/no-such-call", null), 404, null);

        assertNotNull(c.awaitSignal(com.rayo.protocol.rayo.Signal.Type.ANSWERED, java.time.Duration.ofSeconds(10)));
        c.join("api-room", null);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (conforms(call("monitor", "GET", "/v1/mixers", null), "MixerPage").get("total").asInt() == 0) {
            assertTrue(System.nanoTime() < deadline, "the room is listed");
            Thread.sleep(100);
        }
        JsonNode room = conforms(call("monitor", "GET", "/v1/mixers/api-room", null), "Mixer");
        assertEquals("demo@localhost", room.get("application").asText());
        while (!room.get("participants").toString().contains(c.id())) { // the participant's row is written a moment after the room's
            assertTrue(System.nanoTime() < deadline, "the call is a participant: " + room);
            Thread.sleep(100);
            room = conforms(call("monitor", "GET", "/v1/mixers/api-room", null), "Mixer");
        }
        problem(call("monitor", "GET", "/v1/mixers/no-such-room", null), 404, null);

        problem(call("monitor", "POST", "/v1/calls/" + c.id() + "/hangup", null), 403, null);
        conforms(call("admin", "POST", "/v1/calls/" + c.id() + "/hangup", null), "Outcome");
        assertNotNull(c.await(com.rayo.protocol.rayo.End.class, java.time.Duration.ofSeconds(10)), "the owner hears the end of the call an admin hung up");
        assertTrue(cluster.gateway().writes().awaitDrained(java.time.Duration.ofSeconds(10)));
        problem(call("admin", "POST", "/v1/calls/" + c.id() + "/hangup", null), 409, null);
        problem(call("admin", "POST", "/v1/calls/no-such-call/hangup", null), 404, null);
    }

    @Test void theInteractivePageServesSwaggerUiOnTheDocument() throws Exception {
        HttpResponse<String> page = call("monitor", "GET", "/docs/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("SwaggerUIBundle({url: '../openapi.json'"), page.body());
        HttpResponse<String> bundle = call("monitor", "GET", "/docs/swagger-ui-bundle.js", null);
        assertEquals(200, bundle.statusCode());
        assertTrue(bundle.body().length() > 100_000, "the Swagger UI bundle from its webjar");
        problem(call("monitor", "GET", "/docs/realm.properties", null), 404, null);
        problem(call("monitor", "GET", "/docs/missing.js", null), 404, null);
        assertEquals(401, call("nobody", "GET", "/docs/", null).statusCode(), "behind the realm like the rest");
    }
}
