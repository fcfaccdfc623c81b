package com.rayo.web.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.rayo.gateway.admin.AdminException;
import com.rayo.gateway.admin.ClusterAdmin;
import com.rayo.gateway.registry.Application;
import com.rayo.protocol.Jid;

/**
 * {@code /v1/applications}: the applications, their platform and their addresses, through the same
 * {@link ClusterAdmin} the MBeans use (one implementation: stored, then applied here, and picked up
 * by every other gateway at its next refresh).
 */
final class ApplicationsResource {
    /** What a client sends to create ({@code jid} required) or replace ({@code jid}, if given, must match) an application. */
    record ApplicationBody(String jid, String name, String platform, List<String> addresses) { }

    private final ClusterAdmin admin;

    ApplicationsResource(ClusterAdmin admin) { this.admin = admin; }

    Map<String, Object> list(Paging paging) {
        List<Map<String, Object>> all = new ArrayList<>();
        admin.applications().stream().sorted(Comparator.comparing(a -> a.jid().toString())).forEach(a -> all.add(view(a)));
        return paging.page(all);
    }

    Map<String, Object> get(String jid) { return view(find(jid)); }

    Map<String, Object> create(ApplicationBody body) {
        String jid = required(body.jid(), "jid");
        if (Jid.ofOrNull(jid) != null && admin.applications().stream().anyMatch(a -> a.jid().toString().equals(Jid.of(jid).toString()))) {
            throw Problem.conflict("application " + jid + " exists: replace it with PUT /v1/applications/" + jid);
        }
        apply(jid, body);
        return get(jid);
    }

    Map<String, Object> replace(String jid, ApplicationBody body, String ifMatch) {
        Application current = find(jid);
        if (body.jid() != null && !body.jid().equals(current.jid().toString())) {
            throw Problem.badRequest("the body's jid " + body.jid() + " is not the one in the path (" + current.jid() + ")", "jid");
        }
        if (ifMatch != null && !ifMatch.equals(etag(view(current)))) {
            throw Problem.preconditionFailed("application " + current.jid() + " changed since " + ifMatch + " (now " + etag(view(current)) + "): read it again");
        }
        apply(current.jid().toString(), body);
        return get(current.jid().toString());
    }

    void delete(String jid) {
        Application app = find(jid);
        admin.unregisterApplication(app.jid().toString());
    }

    /** Checks everything first (nothing is written for a bad body), then stores the application and its addresses. */
    private void apply(String jid, ApplicationBody body) {
        String name = required(body.name(), "name");
        String platform = required(body.platform(), "platform");
        Jid j = Jid.ofOrNull(jid);
        if (j == null || !j.isBare() || j.local() == null) throw Problem.badRequest("jid must be a bare user JID (user@domain), not '" + jid + "'", "jid");
        if (!admin.platforms().contains(platform)) throw Problem.badRequest("unknown platform '" + platform + "' (known: " + String.join(", ", admin.platforms()) + ")", "platform");
        List<String> addresses = new ArrayList<>();
        for (String a : body.addresses() == null ? List.<String>of() : body.addresses()) {
            try {
                addresses.add(ClusterAdmin.address(a == null ? "" : a));
            } catch (AdminException e) {
                throw Problem.badRequest(e.getMessage(), "addresses");
            }
        }
        try {
            admin.registerApplication(platform, name, jid);
            List<String> before = admin.addressesOf(j);
            for (String a : before) if (!addresses.contains(a)) admin.unregisterAddress(a);
            for (String a : addresses) if (!before.contains(a)) admin.registerAddress(jid, a);
        } catch (AdminException e) {
            throw Problem.badRequest(e.getMessage(), null);
        }
    }

    private Application find(String jid) {
        try {
            Application app = admin.application(jid);
            if (!app.jid().toString().equals(jid)) throw Problem.notFound("no application " + jid);
            return app;
        } catch (AdminException e) {
            throw Problem.notFound(e.getMessage());
        }
    }

    private Map<String, Object> view(Application a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("jid", a.jid().toString());
        v.put("name", a.name());
        v.put("platform", a.platform());
        v.put("addresses", admin.addressesOf(a.jid()).stream().sorted().toList());
        return v;
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) throw Problem.badRequest(field + " is required", field);
        return value.trim();
    }

    /** A strong validator of the representation: it changes whenever what GET returns changes. */
    static String etag(Map<String, Object> representation) {
        try {
            byte[] json = JsonIo.MAPPER.writeValueAsBytes(representation);
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 8) + "\"";
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
