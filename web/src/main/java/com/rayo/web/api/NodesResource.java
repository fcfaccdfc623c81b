package com.rayo.web.api;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rayo.gateway.admin.AdminException;
import com.rayo.gateway.admin.ClusterAdmin;
import com.rayo.gateway.admin.ClusterViews;
import com.rayo.gateway.admin.Views.NodeView;

/**
 * {@code /v1/nodes}: the Rayo nodes as the cluster knows them (stored rows, live state where this
 * gateway sees the node), and the drain / resume operations the MBean has, through the same
 * {@link ClusterAdmin}; {@code /v1/quiesce}: whether the cluster takes new calls.
 */
final class NodesResource {
    /** A drain's optional timeout; 0 or absent: the node's own drain-timeout. */
    record DrainBody(Integer timeoutSeconds) { }

    /** The quiesce switch as read and written. */
    record QuiesceBody(Boolean quiesced) { }

    private final ClusterAdmin admin;
    private final ClusterViews views;

    NodesResource(ClusterAdmin admin, ClusterViews views) {
        this.admin = admin;
        this.views = views;
    }

    Map<String, Object> list(Paging paging, String platform) {
        NodeView[] nodes;
        try {
            nodes = platform == null ? views.nodes() : views.nodes(platform);
        } catch (AdminException e) {
            throw Problem.badRequest(e.getMessage(), "platform");
        }
        List<Map<String, Object>> all = Arrays.stream(nodes).sorted(Comparator.comparing(NodeView::getDomain)).map(NodesResource::view).toList();
        return paging.page(all);
    }

    Map<String, Object> get(String domain) {
        return Arrays.stream(views.nodes()).filter(n -> n.getDomain().equals(domain)).findFirst().map(NodesResource::view)
                .orElseThrow(() -> Problem.notFound("no Rayo node " + domain));
    }

    Map<String, Object> drain(String domain, DrainBody body) {
        get(domain);
        int timeout = body == null || body.timeoutSeconds() == null ? 0 : body.timeoutSeconds();
        if (timeout < 0) throw Problem.badRequest("timeoutSeconds must be 0 (the node's own drain-timeout) or more", "timeoutSeconds");
        return outcome(() -> admin.drainNode(domain, timeout));
    }

    Map<String, Object> resume(String domain) {
        get(domain);
        return outcome(() -> admin.resumeNode(domain));
    }

    /** Takes the node out of selection on every gateway (stored), or puts it back. */
    Map<String, Object> blacklist(String domain, boolean on) {
        Map<String, Object> node = get(domain);
        try {
            admin.blacklist((String) node.get("platform"), domain, on);
        } catch (AdminException e) {
            throw Problem.conflict(e.getMessage());
        }
        return get(domain);
    }

    Map<String, Object> quiesce() { return Map.of("quiesced", admin.quiesced()); }

    Map<String, Object> quiesce(QuiesceBody body) {
        if (body.quiesced() == null) throw Problem.badRequest("quiesced (true or false) is required", "quiesced");
        admin.quiesce(body.quiesced());
        return quiesce();
    }

    private static Map<String, Object> outcome(java.util.function.Supplier<String> operation) {
        try {
            return Map.of("result", operation.get());
        } catch (AdminException e) {
            throw Problem.conflict(e.getMessage());
        }
    }

    private static Map<String, Object> view(NodeView n) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("domain", n.getDomain());
        v.put("platform", n.getPlatform());
        v.put("state", n.getState());
        v.put("weight", n.getWeight());
        v.put("priority", n.getPriority());
        v.put("activeCalls", n.getActiveCalls());
        v.put("capacity", n.getCapacity());
        return v;
    }
}
