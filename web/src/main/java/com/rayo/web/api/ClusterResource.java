package com.rayo.web.api;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.Rows;
import com.rayo.gateway.admin.AdminException;
import com.rayo.gateway.admin.ClusterAdmin;
import com.rayo.gateway.admin.ClusterViews;
import com.rayo.gateway.admin.Views.CallView;
import com.rayo.gateway.admin.Views.MixerView;
import com.rayo.gateway.cluster.Peer;

/**
 * {@code /v1/bans} (who may not use the gateway), {@code /v1/gateways} (the cluster's members and
 * who holds the domains), {@code /v1/calls} (live calls, read) and {@code /v1/mixers} (live rooms): the same {@link ClusterAdmin} and
 * {@link ClusterViews} the MBeans use.
 */
final class ClusterResource {
    /** A ban's reason (optional). */
    record BanBody(String reason) { }

    private final ClusterAdmin admin;
    private final ClusterViews views;
    private final ClusterStore store;

    ClusterResource(ClusterAdmin admin, ClusterViews views, ClusterStore store) {
        this.admin = admin;
        this.views = views;
        this.store = store;
    }

    Map<String, Object> bans(Paging paging) {
        List<Map<String, Object>> all = store.bans().stream().sorted(Comparator.comparing(Rows.BanRow::jid)).map(b -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("jid", b.jid());
            v.put("reason", b.reason() == null ? "" : b.reason());
            v.put("since", b.created() == null ? null : b.created().toString());
            return v;
        }).toList();
        return paging.page(all);
    }

    Map<String, Object> ban(String jid, BanBody body) {
        try {
            admin.ban(jid, body == null || body.reason() == null ? "" : body.reason());
        } catch (AdminException e) {
            throw Problem.badRequest(e.getMessage(), "jid");
        }
        return Map.of("jid", jid, "banned", true);
    }

    void unban(String jid) {
        try {
            admin.unban(jid);
        } catch (AdminException e) {
            throw Problem.notFound(e.getMessage());
        }
    }

    Map<String, Object> gateways(Paging paging) {
        List<Map<String, Object>> all = admin.peers().stream().sorted(Comparator.comparing(Peer::id)).map(p -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", p.id());
            v.put("state", p.state().name());
            v.put("role", p.role() == null ? "" : p.role());
            v.put("self", p.self());
            v.put("calls", p.calls());
            v.put("lastHeartbeat", p.lastHeartbeat() == null ? null : p.lastHeartbeat().toString());
            return v;
        }).toList();
        return paging.page(all);
    }

    Map<String, Object> calls(Paging paging, String filter) {
        // One page more than asked tells whether more follow without counting every live call.
        CallView[] rows;
        try {
            rows = views.calls(filter, paging.limit(), paging.page());
        } catch (AdminException e) {
            throw Problem.badRequest(e.getMessage(), null);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", Arrays.stream(rows).map(ClusterResource::view).toList());
        out.put("page", paging.page());
        out.put("limit", paging.limit());
        out.put("total", views.activeCallsCount());
        out.put("more", (long) paging.page() * paging.limit() < views.activeCallsCount());
        return out;
    }

    /** Hangs up a live call through the gateway holding the domains. */
    Map<String, Object> hangup(String id) {
        Map<String, Object> call = call(id);
        if (!"active".equals(call.get("state"))) throw Problem.conflict("call " + id + " is not live (" + call.get("state") + ")");
        try {
            return Map.of("result", admin.hangupCall(id));
        } catch (AdminException e) {
            throw Problem.conflict(e.getMessage());
        }
    }

    Map<String, Object> call(String id) {
        try {
            return view(views.call(id));
        } catch (AdminException e) {
            throw Problem.notFound(e.getMessage());
        }
    }

    Map<String, Object> mixers(Paging paging) {
        return paging.page(Arrays.stream(views.mixers()).sorted(Comparator.comparing(MixerView::getId)).map(ClusterResource::view).toList());
    }

    /** By id, or by name when only one application has a room of that name. */
    Map<String, Object> mixer(String idOrName) {
        try {
            return view(views.mixer(idOrName));
        } catch (AdminException e) {
            throw Problem.notFound(e.getMessage());
        }
    }

    private static Map<String, Object> view(MixerView m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", m.getId());
        v.put("name", m.getName());
        v.put("application", m.getApplication());
        v.put("node", m.getNode());
        v.put("created", m.getCreated());
        v.put("participants", List.of(m.getParticipants()));
        v.put("speaking", List.of(m.getSpeaking()));
        return v;
    }

    private static Map<String, Object> view(CallView c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", c.getCallId());
        v.put("node", c.getNode());
        v.put("application", c.getApplication());
        v.put("owner", c.getOwner());
        v.put("direction", c.getDirection());
        v.put("state", c.getState());
        v.put("gateway", c.getGateway());
        v.put("created", c.getCreated());
        v.put("ended", c.getEnded());
        v.put("endReason", c.getEndReason());
        return v;
    }
}
