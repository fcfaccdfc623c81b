package com.rayo.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import java.util.Map;

import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import org.jolokia.json.parser.JSONParser;

import com.rayo.testkit.Ports;

/**
 * Debian's headless Chromium driven through chromedriver's W3C WebDriver protocol (the
 * protocol Selenium speaks), with just the commands the console test needs.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private final Process driver;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String session;
    private final String base;

    static boolean installed() { return Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(Path.of("/usr/bin/chromium")); }

    HeadlessChromium() throws Exception {
        int port = Ports.free();
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String url = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(url + "/status")).build(), HttpResponse.BodyHandlers.ofString());
                break;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("chromedriver did not start", e);
                Thread.sleep(100);
            }
        }
        base = url;
        JSONObject created = call("POST", "/session", "{\"capabilities\":{\"alwaysMatch\":{\"browserName\":\"chrome\",\"goog:chromeOptions\":"
                + "{\"binary\":\"/usr/bin/chromium\",\"args\":[\"--headless=new\",\"--no-sandbox\",\"--disable-gpu\",\"--disable-dev-shm-usage\",\"--window-size=1400,1000\"]}}}}");
        session = (String) ((Map<?, ?>) created.get("value")).get("sessionId");
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    private JSONObject call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body)) : method.equals("DELETE") ? b.DELETE() : b.GET();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JSONObject j = (JSONObject) new JSONParser().parse(r.body());
        if (r.statusCode() != 200) throw new IllegalStateException("WebDriver " + method + " " + path + ": " + r.body());
        return j;
    }

    private Object value(String method, String path, String body) throws Exception {
        return call(method, "/session/" + session + path, body).get("value");
    }

    /** Every request of the page carries this header (BASIC credentials), through the DevTools protocol. */
    void header(String name, String value) throws Exception {
        value("POST", "/goog/cdp/execute", "{\"cmd\":\"Network.enable\",\"params\":{}}");
        value("POST", "/goog/cdp/execute", "{\"cmd\":\"Network.setExtraHTTPHeaders\",\"params\":{\"headers\":{\"" + name + "\":\"" + value + "\"}}}");
    }

    void open(String url) throws Exception { value("POST", "/url", "{\"url\":\"" + url + "\"}"); }

    /** Runs JavaScript in the page (async: the last argument is the callback) and returns its result. */
    Object script(String asyncJs) throws Exception {
        return value("POST", "/execute/async", "{\"script\":" + quote(asyncJs) + ",\"args\":[]}");
    }

    Object eval(String js) throws Exception {
        return value("POST", "/execute/sync", "{\"script\":" + quote(js) + ",\"args\":[]}");
    }

    int count(String css) throws Exception {
        return ((JSONArray) value("POST", "/elements", "{\"using\":\"css selector\",\"value\":" + quote(css) + "}")).size();
    }

    void type(String css, String text) throws Exception { value("POST", "/element/" + element(css) + "/value", "{\"text\":" + quote(text) + "}"); }

    /** Clicks, finding the element again if the page re-rendered it in between (the console refreshes every 3 s). */
    void click(String css) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                value("POST", "/element/" + element(css) + "/click", "{}");
                return;
            } catch (IllegalStateException e) {
                if (attempt == 3 || !e.getMessage().contains("stale element")) throw e;
            }
        }
    }

    boolean displayed(String css) throws Exception { return Boolean.TRUE.equals(value("GET", "/element/" + element(css) + "/displayed", null)); }

    private String element(String css) throws Exception {
        Map<?, ?> e = (Map<?, ?>) value("POST", "/element", "{\"using\":\"css selector\",\"value\":" + quote(css) + "}");
        return (String) e.values().iterator().next();
    }

    void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode((String) value("GET", "/screenshot", null)));
    }

    void await(String what, ThrowingCondition cond, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (!cond.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + max.toMillis() + " ms: " + what + "; the page says: " + eval("return document.body ? document.body.innerText : ''"));
            }
            Thread.sleep(100);
        }
    }

    interface ThrowingCondition { boolean holds() throws Exception; }

    @Override public void close() throws Exception {
        try {
            call("DELETE", "/session/" + session, null);
        } finally {
            driver.destroy();
        }
    }
}
