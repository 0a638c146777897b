package io.sluice.protocol.smtp;

/**
 * A file attached to a mail message, as its MIME part names it.
 *
 * @param filename    the Content-Disposition filename (or Content-Type name); "" when the part is
 *                    an attachment without a name
 * @param contentType the part's declared media type, lower case
 * @param holdsForm   for an HTML file: it holds a form or a password field
 */
public record MailAttachment(String filename, String contentType, boolean holdsForm) {}
