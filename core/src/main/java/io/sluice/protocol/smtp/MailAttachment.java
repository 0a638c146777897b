package io.sluice.protocol.smtp;

/**
 * A file attached to a mail message, as its MIME part names it.
 *
 * @param filename    the Content-Disposition filename (or Content-Type name); "" when the part is
 *                    an attachment without a name
 * @param contentType the part's declared media type, lower case
 * @param holdsForm   for an HTML file: it holds a form or a password field
 * @param sniffedType the type of its decoded content, sniffed as files.log's mime_type (whatever
 *                    the name and the declared type say), or null when the part had no bytes
 * @param sha256      the SHA-256 of its decoded content (files.log), or null when not hashed
 */
public record MailAttachment(String filename, String contentType, boolean holdsForm, String sniffedType,
        String sha256) {

    /** An attachment as its headers describe it, its content not yet seen. */
    public MailAttachment(String filename, String contentType, boolean holdsForm) {
        this(filename, contentType, holdsForm, null, null);
    }
}
