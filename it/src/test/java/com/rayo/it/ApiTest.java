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
        assertEquals("3.0.3", openapi.get("openapi").asText());
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
        Set<ValidationMessage> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(root).validate(body);
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
}
