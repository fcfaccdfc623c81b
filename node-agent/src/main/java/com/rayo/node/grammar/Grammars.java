package com.rayo.node.grammar;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;


import org.w3c.dom.Element;
import org.w3c.dom.Node;

import com.rayo.node.xml.SafeXml;
import com.rayo.protocol.rayo.Document;

/**
 * An input's {@code <grammar>} documents as {@link Grammar}s: the builtins {@code
 * builtin:dtmf/digits?minlength=&maxlength=&length=} and {@code builtin:dtmf/boolean}, and
 * SRGS XML in DTMF mode (rule, one-of, item with repeat, token text, ruleref to a rule of the
 * same document). A grammar this node cannot use is refused with the reason.
 */
public final class Grammars {
    public static final String SRGS = "application/srgs+xml";
    private static final String BUILTIN = "builtin:dtmf/";
    private static final Pattern KEY = Pattern.compile("[0-9*#A-Da-d]");

    private Grammars() {}

    /** Thrown for a grammar that cannot be used: the application gets bad-request with this text. */
    public static final class BadGrammar extends Exception {
        public BadGrammar(String message) { super(message); }
    }

    public static Grammar parse(Document d) throws BadGrammar {
        if (d.inline() == null) {
            String url = d.url().strip();
            if (url.startsWith(BUILTIN)) return builtin(url);
            throw new BadGrammar("grammar URL '" + url + "' is not a builtin:dtmf/ grammar (external grammars are not fetched; send SRGS inline)");
        }
        String type = d.contentType() == null ? "" : d.contentType().toLowerCase(Locale.ROOT).split(";")[0].strip();
        if (!type.equals(SRGS)) throw new BadGrammar("grammar content-type '" + d.contentType() + "' is not supported (" + SRGS + ", or a builtin:dtmf/ url)");
        return srgs(d.inlineMarkup());
    }

    static Grammar builtin(String url) throws BadGrammar {
        String rest = url.substring(BUILTIN.length());
        String name = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
        Map<String, String> q = query(rest.contains("?") ? rest.substring(rest.indexOf('?') + 1) : "");
        switch (name) {
            case "digits" -> {
                Integer length = number(q, "length", url);
                Integer min = length != null ? length : number(q, "minlength", url);
                Integer max = length != null ? length : number(q, "maxlength", url);
                int lo = min == null ? 1 : min;
                if (lo < 1 || max != null && max < lo) throw new BadGrammar("grammar " + url + ": lengths must be at least 1 and minlength <= maxlength");
                return new Grammar(url, Pattern.compile("[0-9]{" + lo + "," + (max == null ? "" : max) + "}"), UnaryOperator.identity());
            }
            case "boolean" -> {
                String yes = q.getOrDefault("y", "1"), no = q.getOrDefault("n", "2");
                if (!KEY.matcher(yes).matches() || !KEY.matcher(no).matches() || yes.equals(no)) {
                    throw new BadGrammar("grammar " + url + ": y and n must be two different DTMF keys");
                }
                return new Grammar(url, Pattern.compile(Pattern.quote(yes) + "|" + Pattern.quote(no)), k -> k.equals(yes) ? "true" : "false");
            }
            default -> throw new BadGrammar("unknown builtin grammar '" + url + "' (builtin:dtmf/digits, builtin:dtmf/boolean)");
        }
    }

    private static Map<String, String> query(String q) {
        Map<String, String> out = new HashMap<>();
        for (String pair : q.split("[&;]")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Integer number(Map<String, String> q, String key, String url) throws BadGrammar {
        String v = q.get(key);
        if (v == null) return null;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadGrammar("grammar " + url + ": " + key + " must be a number, not '" + v + "'");
        }
    }

    static Grammar srgs(String markup) throws BadGrammar {
        Element root;
        try {
            root = SafeXml.parse(markup);
        } catch (org.xml.sax.SAXException e) {
            throw new BadGrammar("SRGS grammar does not parse: " + e.getMessage());
        }
        if (!"grammar".equals(root.getLocalName())) throw new BadGrammar("SRGS root must be <grammar>, not <" + root.getLocalName() + ">");
        String mode = root.getAttribute("mode");
        if (!mode.isEmpty() && !mode.equals("dtmf")) throw new BadGrammar("SRGS grammar mode '" + mode + "': only dtmf grammars are recognised");
        Map<String, Element> rules = new HashMap<>();
        for (Element r : elements(root)) {
            if (!r.getLocalName().equals("rule")) continue;
            if (r.getAttribute("id").isEmpty()) throw new BadGrammar("SRGS <rule> without an id");
            rules.put(r.getAttribute("id"), r);
        }
        String rootId = root.getAttribute("root");
        if (rootId.isEmpty()) {
            if (rules.isEmpty()) throw new BadGrammar("SRGS grammar has no <rule>");
            rootId = elements(root).stream().filter(e -> e.getLocalName().equals("rule")).findFirst().orElseThrow().getAttribute("id");
        }
        Element start = rules.get(rootId);
        if (start == null) throw new BadGrammar("SRGS root rule '" + rootId + "' is not defined");
        String regex = new SrgsCompiler(rules).rule(start, new HashSet<>());
        String id = rootId;
        return new Grammar(id, Pattern.compile(regex), UnaryOperator.identity());
    }

    static List<Element> elements(Element e) {
        List<Element> out = new java.util.ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element c) out.add(c);
        return out;
    }

    /** SRGS rule expansions → a regular expression over key characters. */
    private record SrgsCompiler(Map<String, Element> rules) {
        String rule(Element rule, Set<String> active) throws BadGrammar {
            String id = rule.getAttribute("id");
            if (!active.add(id)) throw new BadGrammar("SRGS rule '" + id + "' refers to itself: recursive grammars are not supported");
            String body = sequence(rule, active);
            active.remove(id);
            return body;
        }

        /** An element's children in order: text tokens and expansions. */
        String sequence(Element e, Set<String> active) throws BadGrammar {
            StringBuilder sb = new StringBuilder();
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) sb.append(tokens(n.getNodeValue()));
                else if (n instanceof Element c) sb.append(expansion(c, active));
            }
            return sb.toString();
        }

        String expansion(Element e, Set<String> active) throws BadGrammar {
            switch (e.getLocalName()) {
                case "item": {
                    String inner = "(?:" + sequence(e, active) + ")";
                    return e.hasAttribute("repeat") ? inner + repeat(e.getAttribute("repeat")) : inner;
                }
                case "one-of": {
                    StringBuilder sb = new StringBuilder("(?:");
                    boolean first = true;
                    for (Element item : elements(e)) {
                        if (!item.getLocalName().equals("item")) throw new BadGrammar("SRGS <one-of> takes <item>s, not <" + item.getLocalName() + ">");
                        if (!first) sb.append('|');
                        sb.append(expansion(item, active));
                        first = false;
                    }
                    if (first) throw new BadGrammar("SRGS <one-of> without an <item>");
                    return sb.append(')').toString();
                }
                case "ruleref": {
                    String uri = e.getAttribute("uri");
                    if (!uri.startsWith("#")) throw new BadGrammar("SRGS ruleref '" + uri + "': only rules of the same document (#id) are supported");
                    Element target = rules.get(uri.substring(1));
                    if (target == null) throw new BadGrammar("SRGS ruleref to undefined rule '" + uri + "'");
                    return "(?:" + rule(target, active) + ")";
                }
                case "token":
                    return tokens(e.getTextContent());
                case "tag":
                    return "";
                default:
                    throw new BadGrammar("SRGS element <" + e.getLocalName() + "> is not supported in DTMF grammars");
            }
        }

        static String tokens(String text) throws BadGrammar {
            StringBuilder sb = new StringBuilder();
            for (String t : text.trim().split("\\s+")) {
                if (t.isEmpty()) continue;
                for (char c : t.toCharArray()) {
                    if (!KEY.matcher(String.valueOf(c)).matches()) throw new BadGrammar("SRGS token '" + t + "' is not DTMF (0-9 * # A-D)");
                    sb.append(Pattern.quote(String.valueOf(Character.toUpperCase(c))));
                }
            }
            return sb.toString();
        }

        static String repeat(String r) throws BadGrammar {
            java.util.regex.Matcher m = Pattern.compile("(\\d+)(?:-(\\d*))?").matcher(r.trim());
            if (!m.matches()) throw new BadGrammar("SRGS repeat '" + r + "' must be n, n-m or n-");
            String lo = m.group(1);
            if (m.group(2) == null && !r.contains("-")) return "{" + lo + "}";
            return "{" + lo + "," + (m.group(2) == null ? "" : m.group(2)) + "}";
        }
    }
}
