package com.rayo.gateway.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.rayo.gateway.health.HealthSettings;
import com.rayo.gateway.health.NodeHealth;
import com.rayo.gateway.state.StateSink;
import com.rayo.protocol.rayo.NodeInfo;

/** The Rayo nodes that announced themselves, and which domains may do so at all. */
public final class NodeRegistry {
    private final Map<String, RayoNode> nodes = new ConcurrentHashMap<>();
    private final List<Pattern> allowed;
    /** Any domain that may be a node's, where it stands inside free text. */
    private final Pattern inText;
    private volatile StateSink sink = StateSink.NONE;

    public void attach(StateSink sink) { this.sink = sink; }

    private volatile HealthSettings health;
    private final java.time.Clock clock;

    public NodeRegistry(List<String> allowedDomainGlobs, HealthSettings health, java.time.Clock clock) {
        this.allowed = allowedDomainGlobs.stream().map(g -> glob(g, "[^@/]*")).toList();
        this.inText = Pattern.compile("(?<![A-Za-z0-9.-])(?:" + String.join("|", allowedDomainGlobs.stream()
                .map(g -> glob(g, "[A-Za-z0-9.-]*").pattern()).toList()) + ")(?![A-Za-z0-9-])", Pattern.CASE_INSENSITIVE);
        this.health = health;
        this.clock = clock;
    }

    private static Pattern glob(String g, String star) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toLowerCase().toCharArray()) {
            if (c == '*') re.append(star);
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }

    /** The text with every domain that may be a node's replaced (texts that leave for applications). */
    public String hideNames(String text, String replacement) {
        if (text.isEmpty() || allowed.isEmpty()) return text;
        java.util.regex.Matcher m = inText.matcher(text);
        return m.find() ? m.replaceAll(java.util.regex.Matcher.quoteReplacement(replacement)) : text;
    }

    /** New health settings for every node, known and to come (a configuration reload). */
    public void updateHealth(HealthSettings settings) {
        health = settings;
        for (RayoNode n : all()) n.health().update(settings);
    }

    /** Whether a domain may act as a node (configuration, not presence). */
    public boolean mayRegister(String domain) {
        for (Pattern p : allowed) if (p.matcher(domain).matches()) return true;
        return false;
    }

    /** Adds or updates a node; returns true when it is new. */
    public boolean upsert(String domain, NodeInfo info, RayoNode.Status status) {
        RayoNode existing = nodes.get(domain);
        if (existing != null) {
            existing.update(info, status);
            sink.nodeChanged(existing);
            return false;
        }
        RayoNode n = new RayoNode(domain, info, status, new NodeHealth(health, clock));
        boolean added = nodes.putIfAbsent(domain, n) == null;
        if (added) sink.nodeChanged(n);
        return added;
    }

    public RayoNode find(String domain) { return domain == null ? null : nodes.get(domain); }

    /** One call fewer on the node's load, if the node is still known. */
    public void callEnded(String domain) {
        RayoNode n = find(domain);
        if (n != null) n.callEnded();
    }

    public boolean isNode(String domain) { return domain != null && nodes.containsKey(domain); }

    public RayoNode remove(String domain) {
        RayoNode n = nodes.remove(domain);
        if (n != null) sink.nodeRemoved(n);
        return n;
    }

    public List<RayoNode> all() { return List.copyOf(nodes.values()); }

    /** The node's health changed: the shared state shows it. */
    public void changed(RayoNode n) {
        if (nodes.get(n.domain()) == n) sink.nodeChanged(n);
    }

    public void setStatus(String domain, RayoNode.Status status) {
        RayoNode n = nodes.get(domain);
        if (n != null && n.status() != status) {
            n.update(n.info(), status);
            sink.nodeChanged(n);
        }
    }
}
