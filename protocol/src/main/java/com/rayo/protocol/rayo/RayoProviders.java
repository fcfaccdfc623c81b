package com.rayo.protocol.rayo;

import java.util.HashMap;
import java.util.Map;

import com.rayo.protocol.xml.XmlElement;

/** The declarative table of element + namespace → provider, and what each element is for. */
public final class RayoProviders {
    /** What role an element plays on the wire; routing decisions start from this. */
    public enum Category { DIAL, CALL_COMMAND, COMPONENT_COMMAND, EVENT, REF, CLUSTER }

    private static final Map<String, ElementProvider<?>> PROVIDERS = new HashMap<>();

    static {
        register(RayoNamespaces.CORE, Dial.ELEMENT, Dial.PROVIDER);
        register(RayoNamespaces.CORE, Ref.ELEMENT, Ref.PROVIDER);
        register(RayoNamespaces.CORE, Offer.ELEMENT, Offer.PROVIDER);
        for (Signal.Type t : Signal.Type.values()) register(RayoNamespaces.CORE, t.element(), t.provider());
        register(RayoNamespaces.CORE, Reject.ELEMENT, Reject.PROVIDER);
        register(RayoNamespaces.CORE, Redirect.ELEMENT, Redirect.PROVIDER);
        register(RayoNamespaces.CORE, Join.ELEMENT, Join.PROVIDER);
        for (JoinTarget.Type t : JoinTarget.Type.values()) register(RayoNamespaces.CORE, t.element(), t.provider());
        register(RayoNamespaces.CORE, Speaking.STARTED, Speaking.provider(true));
        register(RayoNamespaces.CORE, Speaking.STOPPED, Speaking.provider(false));
        register(RayoNamespaces.CORE, End.ELEMENT, End.PROVIDER);
        register(RayoNamespaces.CORE, Dtmf.ELEMENT, Dtmf.PROVIDER);
        for (MediaControl.Type t : MediaControl.Type.values()) register(RayoNamespaces.CORE, t.element(), t.provider());
        register(RayoNamespaces.INPUT, ComponentEvent.START_OF_INPUT.name(), ComponentEvent.PROVIDER);
        register(RayoNamespaces.PROMPT, ComponentEvent.INPUT_TIMERS_STARTED.name(), ComponentEvent.PROVIDER);
        register(RayoNamespaces.OUTPUT, Output.ELEMENT, Output.PROVIDER);
        register(RayoNamespaces.INPUT, Input.ELEMENT, Input.PROVIDER);
        register(RayoNamespaces.RECORD, Record.ELEMENT, Record.PROVIDER);
        register(RayoNamespaces.PROMPT, Prompt.ELEMENT, Prompt.PROVIDER);
        register(RayoNamespaces.EXT, Complete.ELEMENT, Complete.PROVIDER);
        register(RayoNamespaces.EXT, "stop", ComponentCommand.PROVIDER);
        for (String c : new String[] {"pause", "resume", "seek", "speed-up", "speed-down", "volume-up", "volume-down"}) {
            register(RayoNamespaces.OUTPUT, c, ComponentCommand.PROVIDER);
        }
        register(RayoNamespaces.RECORD, "pause", ComponentCommand.PROVIDER);
        register(RayoNamespaces.RECORD, "resume", ComponentCommand.PROVIDER);
        register(NodeInfo.NAMESPACE, NodeInfo.ELEMENT, NodeInfo.PROVIDER);
        register(RayoNamespaces.CLUSTER, MixerLeg.ELEMENT, MixerLeg.PROVIDER);
        register(RayoNamespaces.CLUSTER, Drain.DRAIN, Drain.provider(true));
        register(RayoNamespaces.CLUSTER, Drain.RESUME, Drain.provider(false));
    }

    private RayoProviders() {}

    private static void register(String ns, String name, ElementProvider<?> p) {
        PROVIDERS.put(ns + ' ' + name, p);
    }

    public static boolean isKnown(XmlElement e) {
        return PROVIDERS.containsKey(e.namespace() + ' ' + e.name());
    }

    /**
     * Parses a known element; null when the element is not a Rayo element this project knows.
     * Throws {@link RayoParseException} with the reason when a known element is malformed.
     */
    public static RayoElement parse(XmlElement e) {
        ElementProvider<?> p = PROVIDERS.get(e.namespace() + ' ' + e.name());
        return p == null ? null : p.parse(e);
    }

    public static Category category(RayoElement e) {
        if (e instanceof Dial) return Category.DIAL;
        if (e instanceof Ref) return Category.REF;
        if (e instanceof NodeInfo || e instanceof MixerLeg || e instanceof Drain) return Category.CLUSTER;
        if (e instanceof ComponentCommand) return Category.COMPONENT_COMMAND;
        if (e instanceof Signal s) return s.type().isCommand() ? Category.CALL_COMMAND : Category.EVENT;
        if (e instanceof JoinTarget j) return j.type() == JoinTarget.Type.UNJOIN ? Category.CALL_COMMAND : Category.EVENT;
        if (e instanceof Dtmf d) return d.isCommand() ? Category.CALL_COMMAND : Category.EVENT;
        if (e instanceof Offer || e instanceof End || e instanceof Speaking || e instanceof Complete || e instanceof ComponentEvent) return Category.EVENT;
        return Category.CALL_COMMAND; // reject, redirect, join, output, input, record, prompt, mute, hold…
    }
}
