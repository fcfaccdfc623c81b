package com.rayo.node.verbs;

import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.xml.XmlElement;

/** The completion reasons of XEP-0327, each in its namespace. */
final class Reasons {
    private Reasons() {}

    static final XmlElement STOP = ext("stop");
    static final XmlElement HANGUP = ext("hangup");
    static final XmlElement OUTPUT_FINISH = of("finish", RayoNamespaces.OUTPUT_COMPLETE);
    static final XmlElement OUTPUT_MAX_TIME = of("max-time", RayoNamespaces.OUTPUT_COMPLETE);
    static final XmlElement NOINPUT = of("noinput", RayoNamespaces.INPUT_COMPLETE);
    static final XmlElement NOMATCH = of("nomatch", RayoNamespaces.INPUT_COMPLETE);
    static final XmlElement RECORD_MAX_DURATION = of("max-duration", RayoNamespaces.RECORD_COMPLETE);
    static final XmlElement RECORD_INITIAL_TIMEOUT = of("initial-timeout", RayoNamespaces.RECORD_COMPLETE);
    static final XmlElement RECORD_FINAL_TIMEOUT = of("final-timeout", RayoNamespaces.RECORD_COMPLETE);

    static XmlElement error(String text) { return XmlElement.builder("error", RayoNamespaces.EXT_COMPLETE).text(text).build(); }

    private static XmlElement ext(String name) { return of(name, RayoNamespaces.EXT_COMPLETE); }

    private static XmlElement of(String name, String ns) { return XmlElement.builder(name, ns).build(); }
}
