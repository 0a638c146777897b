package io.sluice.protocol.smtp;

/**
 * A link in a mail message's text: the href of an HTML anchor and the text it shows, or a bare URL
 * of a plain-text part (then both are the URL).
 */
public record MailLink(String href, String text) {}
