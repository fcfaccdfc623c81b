package com.rayo.gateway.admin;

import com.rayo.gateway.admin.Views.ApplicationView;
import com.rayo.gateway.admin.Views.CallView;
import com.rayo.gateway.admin.Views.MixerView;
import com.rayo.gateway.admin.Views.NodeView;
import com.rayo.gateway.admin.Views.ResourceView;
import com.rayo.protocol.Jid;

/** The Gateway MBean: every read goes to {@link ClusterViews}. */
public final class GatewayBean implements GatewayMXBean {
    private final ClusterViews views;

    public GatewayBean(ClusterViews views) { this.views = views; }

    @Override public String[] getPlatforms() { return views.platforms(); }
    @Override public NodeView[] getNodes() { return views.nodes(); }
    @Override public NodeView[] getRayoNodes() { return views.nodes(); }
    @Override public ApplicationView[] getClientApplications() { return views.applications(); }
    @Override public ResourceView[] getActiveClients() { return views.activeClients(); }
    @Override public MixerView[] getActiveMixers() { return views.mixers(); }
    @Override public ApplicationView getClientApplication(String appId) { return views.application(appId); }
    @Override public ResourceView[] getResourcesForAppId(String appId) { return views.resourcesOf(appId); }
    @Override public ResourceView[] getResourcesForJid(String jid) { return views.resourcesOf(bare(jid)); }
    @Override public String[] getAddressesForAppId(String appId) { return views.addressesOf(appId); }
    @Override public String[] getAddressesForJid(String jid) { return views.addressesOf(bare(jid)); }
    @Override public NodeView[] getRayoNodes(String platform) { return views.nodes(platform); }
    @Override public CallView callInfo(String callId) { return views.call(callId); }
    @Override public MixerView mixerInfo(String mixerId) { return views.mixer(mixerId); }
    @Override public CallView[] findCalls(String filter, int pageSize, int page) { return views.calls(filter, pageSize, page); }

    /** The running verbs ("output ID", "record ID"…) of a call, or of a mixer (by id or name); an id that is neither is an error. */
    @Override public String[] activeVerbs(String id) {
        String[] ofCall = views.verbsOfCall(id);
        return ofCall != null ? ofCall : views.verbsOfMixer(id);
    }

    private static String bare(String jid) {
        Jid j = jid == null ? null : Jid.ofOrNull(jid.trim());
        if (j == null) throw new AdminException("malformed JID: '" + jid + "'");
        return j.bare().toString();
    }
}
