package com.rayo.web.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The interactive page of the API at {@code /rayo/api/docs/}: Swagger UI from its Maven Central
 * webjar, pointed at the served OpenAPI document; "try it out" calls go through the browser's own
 * login to this realm.
 */
final class ApiDocsPage {
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript", "css", "text/css", "png", "image/png", "map", "application/json");
    private final String version = webjarVersion();

    /** {@code file} is "" for the page itself, else one of the webjar's files. */
    void serve(String file, HttpServletResponse res) throws IOException {
        if (file.isEmpty()) {
            res.setContentType("text/html; charset=utf-8");
            res.getOutputStream().write(("<!doctype html><html><head><meta charset='utf-8'><title>Rayo gateway API</title>"
                    + "<link rel='stylesheet' href='swagger-ui.css'></head><body><div id='ui'></div>"
                    + "<script src='swagger-ui-bundle.js'></script><script>SwaggerUIBundle({url: '../openapi.json', dom_id: '#ui'});</script>"
                    + "</body></html>").getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (file.contains("/") || file.contains("..") || !TYPES.containsKey(file.substring(file.lastIndexOf('.') + 1))) {
            throw Problem.notFound("no such file of the API page: " + file);
        }
        try (InputStream in = ApiDocsPage.class.getClassLoader().getResourceAsStream(WEBJAR + version + "/" + file)) {
            if (in == null) throw Problem.notFound("no such file of the API page: " + file);
            res.setContentType(TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
            res.setHeader("Cache-Control", "max-age=86400");
            in.transferTo(res.getOutputStream());
        }
    }

    private static String webjarVersion() {
        try (InputStream in = ApiDocsPage.class.getClassLoader().getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "");
        } catch (IOException e) {
            return "";
        }
    }
}
