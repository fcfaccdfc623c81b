package com.rayo.node.grammar;

import static com.rayo.node.grammar.Grammar.Status.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import com.rayo.protocol.rayo.Document;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.xml.XmlElement;

class GrammarsTest {
    static Grammar builtin(String url) throws Exception { return Grammars.parse(new Document(null, url, null)); }

    static Grammar srgs(String xml) throws Exception {
        return Grammars.parse(new Document(Grammars.SRGS, null, XmlElement.builder("grammar", RayoNamespaces.INPUT).attr("content-type", Grammars.SRGS).text(xml).build()));
    }

    @Test void digitsOfAFixedLengthMatchOnTheLastKey() throws Exception {
        Grammar g = builtin("builtin:dtmf/digits?length=3");
        assertEquals(PREFIX, g.status("12"));
        assertEquals(MATCH, g.status("123"));
        assertEquals(NONE, g.status("1234"));
        assertEquals(NONE, g.status("1*"), "a key that is not a digit can never match");
    }

    @Test void digitsOfOpenLengthWaitForMore() throws Exception {
        Grammar g = builtin("builtin:dtmf/digits?minlength=2&maxlength=4");
        assertEquals(PREFIX, g.status("1"));
        assertEquals(MATCH_MORE, g.status("12"));
        assertEquals(MATCH, g.status("1234"));
        assertEquals(MATCH_MORE, builtin("builtin:dtmf/digits").status("9"));
    }

    @Test void booleanMapsItsKeysToTrueAndFalse() throws Exception {
        Grammar g = builtin("builtin:dtmf/boolean");
        assertEquals(MATCH, g.status("1"));
        assertEquals("true", g.interpret("1"));
        assertEquals("false", g.interpret("2"));
        assertEquals(NONE, g.status("3"));
        Grammar custom = builtin("builtin:dtmf/boolean?y=7&n=9");
        assertEquals("true", custom.interpret("7"));
    }

    @Test void srgsOneOfRepeatAndRulerefs() throws Exception {
        Grammar g = srgs("<grammar xmlns='http://www.w3.org/2001/06/grammar' mode='dtmf' root='main'>"
                + "<rule id='main'><one-of><item>1 2</item><item><ruleref uri='#pin'/> #</item></one-of></rule>"
                + "<rule id='pin'><item repeat='2-3'><one-of><item>4</item><item>5</item></one-of></item></rule></grammar>");
        assertEquals(MATCH, g.status("12"));
        assertEquals(PREFIX, g.status("45"));
        assertEquals(MATCH, g.status("45#"));
        assertEquals(MATCH, g.status("454#"));
        assertEquals(NONE, g.status("4#"), "repeat 2-3 needs two");
        assertEquals(NONE, g.status("3"));
    }

    @Test void aGrammarThatCannotBeUsedSaysWhy() {
        assertBad("builtin:dtmf/phone", "unknown builtin grammar");
        assertBad("builtin:dtmf/digits?length=x", "length must be a number");
        assertBad("http://example.com/g.grxml", "not a builtin:dtmf/ grammar");
        assertSrgsBad("<grammar><rule id='a'><ruleref uri='#a'/></rule></grammar>", "refers to itself");
        assertSrgsBad("<grammar root='b'><rule id='a'>1</rule></grammar>", "root rule 'b' is not defined");
        assertSrgsBad("<grammar mode='voice'><rule id='a'>yes</rule></grammar>", "only dtmf grammars");
        assertSrgsBad("<grammar><rule id='a'>yes</rule></grammar>", "is not DTMF");
        assertSrgsBad("<grammar><rule id='a'>1</rule>", "does not parse");
        assertSrgsBad("<grammar><rule id='a'><item repeat='x'>1</item></rule></grammar>", "repeat 'x'");
    }

    static void assertBad(String url, String reason) {
        Grammars.BadGrammar e = assertThrows(Grammars.BadGrammar.class, () -> builtin(url));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    static void assertSrgsBad(String xml, String reason) {
        Grammars.BadGrammar e = assertThrows(Grammars.BadGrammar.class, () -> srgs(xml));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
