package com.rayo.client.provider;

import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.IQProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;

import com.rayo.client.packet.RayoExtension;
import com.rayo.client.packet.RayoIq;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.xml.XmlReader;

/** Registers a Smack provider for every Rayo element this library models. */
public final class RayoProviderRegistry {
    private static volatile boolean done;

    /** Elements that arrive in IQs: refs in results and every command (for servers and tests). */
    private static final String[][] IQ_ELEMENTS = {
        {"ref", RayoNamespaces.CORE}, {"dial", RayoNamespaces.CORE}, {"accept", RayoNamespaces.CORE}, {"answer", RayoNamespaces.CORE},
        {"reject", RayoNamespaces.CORE}, {"redirect", RayoNamespaces.CORE}, {"hangup", RayoNamespaces.CORE}, {"join", RayoNamespaces.CORE},
        {"unjoin", RayoNamespaces.CORE}, {"output", RayoNamespaces.OUTPUT}, {"input", RayoNamespaces.INPUT}, {"record", RayoNamespaces.RECORD},
        {"prompt", RayoNamespaces.PROMPT}, {"stop", RayoNamespaces.EXT}, {"dtmf", RayoNamespaces.CORE}, {"mute", RayoNamespaces.CORE},
        {"unmute", RayoNamespaces.CORE}, {"hold", RayoNamespaces.CORE}, {"unhold", RayoNamespaces.CORE},
    };

    /** Elements that arrive as presence payloads: the events. */
    private static final String[][] EVENT_ELEMENTS = {
        {"offer", RayoNamespaces.CORE}, {"ringing", RayoNamespaces.CORE}, {"answered", RayoNamespaces.CORE}, {"end", RayoNamespaces.CORE},
        {"joined", RayoNamespaces.CORE}, {"unjoined", RayoNamespaces.CORE}, {"complete", RayoNamespaces.EXT}, {"dtmf", RayoNamespaces.CORE},
        {"start-of-input", RayoNamespaces.INPUT}, {"input-timers-started", RayoNamespaces.PROMPT},
        {"started-speaking", RayoNamespaces.CORE}, {"stopped-speaking", RayoNamespaces.CORE},
    };

    private RayoProviderRegistry() {}

    public static synchronized void register() {
        if (done) return;
        IQProvider<RayoIq> iq = new IQProvider<>() {
            @Override public RayoIq parse(XmlPullParser parser, int initialDepth, XmlEnvironment env) throws java.io.IOException, org.jivesoftware.smack.xml.XmlPullParserException {
                return new RayoIq(XmlReader.read(parser));
            }
        };
        ExtensionElementProvider<RayoExtension> ext = new ExtensionElementProvider<>() {
            @Override public RayoExtension parse(XmlPullParser parser, int initialDepth, XmlEnvironment env) throws java.io.IOException, org.jivesoftware.smack.xml.XmlPullParserException {
                return new RayoExtension(XmlReader.read(parser));
            }
        };
        for (String[] e : IQ_ELEMENTS) ProviderManager.addIQProvider(e[0], e[1], iq);
        for (String[] e : EVENT_ELEMENTS) ProviderManager.addExtensionProvider(e[0], e[1], ext);
        done = true;
    }
}
