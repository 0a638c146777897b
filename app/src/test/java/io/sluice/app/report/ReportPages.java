package io.sluice.app.report;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads a report as XML: the page is polyglot HTML5, so an XML parser must accept it (an unclosed
 * tag, a stray {@code &} or a forbidden character fails here); then XPath finds what a test checks.
 */
public final class ReportPages {
    private ReportPages() {}

    public static Document parse(String html) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false); // XPath without prefixes; the xmlns attributes are still checked as attributes
        var builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new DefaultHandler() {
            @Override
            public void warning(SAXParseException e) throws SAXParseException {
                throw e;
            }

            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        return builder.parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    public static List<Node> nodes(Node context, String xpath) throws Exception {
        var list = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, context, XPathConstants.NODESET);
        var out = new ArrayList<Node>();
        for (int i = 0; i < list.getLength(); i++) out.add(list.item(i));
        return out;
    }

    public static String text(Node context, String xpath) throws Exception {
        return (String) XPathFactory.newInstance().newXPath().evaluate(xpath, context, XPathConstants.STRING);
    }

    /** The page without the two things that change from run to run of the same input: when, and how long it took. */
    public static String withoutTimes(String html) {
        return html.replaceAll("<tr id=\"fact-generated\">.*</tr>", "")
                .replaceAll("<tr id=\"fact-analysis-time\">.*</tr>", "")
                .replaceAll("<footer>.*</footer>", "");
    }
}
