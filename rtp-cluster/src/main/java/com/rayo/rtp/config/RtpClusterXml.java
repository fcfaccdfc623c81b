package com.rayo.rtp.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.rayo.rtp.relay.RelaySpec;

/**
 * Reads sippy rtp_cluster's {@code rtp_cluster.xml} for drop-in migration:
 * {@code <rtp_cluster_config><rtp_cluster><name/><protocol/><address/><capacity_limit type="soft|hard"/>
 * <rtpproxy><name/><protocol/><address/><weight/><capacity/><status/></rtpproxy>…}. A relay of weight 0 is a
 * backup; what cannot work here (unix-socket relays, address bridging, disconnect notifications) is refused
 * with a message that says so, never silently ignored.
 */
public final class RtpClusterXml {
    private RtpClusterXml() {}

    public static List<ClusterSpec> read(Path file) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); // no external entities
            Document d = f.newDocumentBuilder().parse(file.toFile());
            List<ClusterSpec> out = new ArrayList<>();
            NodeList clusters = d.getElementsByTagName("rtp_cluster");
            for (int i = 0; i < clusters.getLength(); i++) {
                Element c = (Element) clusters.item(i);
                String name = text(c, "name");
                String protocol = text(c, "protocol").toLowerCase(Locale.ROOT);
                String address = text(c, "address");
                String control = switch (protocol) {
                    case "udp", "udp6" -> "udp:" + (address.contains(":") ? address : address + ":22222");
                    case "unix" -> "unix:" + address;
                    default -> throw new IllegalArgumentException("rtp_cluster " + name + ": protocol must be udp, udp6 or unix");
                };
                List<RelaySpec> relays = new ArrayList<>();
                List<String> suspended = new ArrayList<>();
                // rtp_cluster's default when the element is absent is soft.
                Element limit = child(c, "capacity_limit");
                boolean soft = limit == null || !limit.getAttribute("type").equalsIgnoreCase("hard");
                NodeList proxies = c.getElementsByTagName("rtpproxy");
                for (int j = 0; j < proxies.getLength(); j++) {
                    Element p = (Element) proxies.item(j);
                    String pname = text(p, "name");
                    String pproto = text(p, "protocol").toLowerCase(Locale.ROOT);
                    if (pproto.equals("unix")) {
                        throw new IllegalArgumentException("rtpproxy " + pname + " is reached over a unix socket (" + text(p, "address")
                                + "): not supported here, where relays are rtpengines reached over udp (its --listen-udp address); give that instead");
                    }
                    if (!pproto.startsWith("udp")) throw new IllegalArgumentException("rtpproxy " + pname + ": protocol must be udp or udp6 (got '" + pproto + "')");
                    for (String ignored : List.of("wan_address", "lan_address", "cmd_out_address")) {
                        if (child(p, ignored) != null) throw new IllegalArgumentException("rtpproxy " + pname + ": <" + ignored + "> (bridging) is not supported here; remove it");
                    }
                    relays.add(new RelaySpec(pname, "udp", RelaySpec.hostPort(text(p, "address"), 22222), number(p, pname, "capacity"), number(p, pname, "weight")));
                    if (text(p, "status").equalsIgnoreCase("suspended")) suspended.add(pname);
                }
                if (child(c, "disconnect_notify") != null) throw new IllegalArgumentException("rtp_cluster " + name + ": <disconnect_notify> is not supported here; remove it");
                out.add(new ClusterSpec(name, List.of(control), relays, suspended, soft));
            }
            return out;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        for (int i = 0; i < l.getLength(); i++) if (l.item(i).getParentNode() == parent) return (Element) l.item(i);
        return null;
    }

    private static int number(Element p, String relay, String tag) {
        try {
            return Integer.parseInt(text(p, tag));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rtpproxy " + relay + ": <" + tag + "> must be a whole number, got '" + text(p, tag) + "'");
        }
    }

    private static String text(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        for (int i = 0; i < l.getLength(); i++) if (l.item(i).getParentNode() == parent) return l.item(i).getTextContent().trim();
        return "";
    }
}
