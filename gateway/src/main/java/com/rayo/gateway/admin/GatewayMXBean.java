package com.rayo.gateway.admin;

import com.rayo.gateway.admin.Views.ApplicationView;
import com.rayo.gateway.admin.Views.CallView;
import com.rayo.gateway.admin.Views.MixerView;
import com.rayo.gateway.admin.Views.NodeView;
import com.rayo.gateway.admin.Views.ResourceView;

/** {@code com.rayo.gateway:Type=Gateway}: the cluster's state, from Cassandra (wiki "MBean summary"). */
public interface GatewayMXBean {
    String[] getPlatforms();
    NodeView[] getNodes();
    /** The same as {@link #getNodes()}, under the name the wiki also uses. */
    NodeView[] getRayoNodes();
    ApplicationView[] getClientApplications();
    ResourceView[] getActiveClients();
    MixerView[] getActiveMixers();

    /** By application JID or name. */
    ApplicationView getClientApplication(String appId);
    ResourceView[] getResourcesForAppId(String appId);
    ResourceView[] getResourcesForJid(String jid);
    String[] getAddressesForAppId(String appId);
    String[] getAddressesForJid(String jid);
    NodeView[] getRayoNodes(String platform);
    CallView callInfo(String callId);
    MixerView mixerInfo(String mixerId);
    String[] activeVerbs(String mixerId);

    /** Beyond the wiki, for the console: active calls whose id, node, application or owner contains the filter, a page at a time. */
    CallView[] findCalls(String filter, int pageSize, int page);
}
