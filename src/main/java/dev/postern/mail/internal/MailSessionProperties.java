package dev.postern.mail.internal;

import java.util.Properties;

/** Angus Mail settings that reading and writing mail need beyond the connection's own (see {@link AngusSessions}). */
final class MailSessionProperties {

    private MailSessionProperties() {
    }

    static void reading(Properties props, String protocol) {
        // Attachments come in chunks (partial fetch), so any size streams through in constant memory.
        props.setProperty("mail.imap.partialfetch", "true");
        props.setProperty("mail.imap.fetchsize", "65536");
        // One connection per session: the selected folder's connection also serves LIST and STATUS.
        props.setProperty("mail.imap.connectionpoolsize", "1");
        // APPEND (Sent copy, drafts) of a large message writes it twice (once to count its size) rather than buffer it.
        props.setProperty("mail.imap.appendbuffersize", "65536");
        // POP3 downloads whole messages: spool them to temporary files rather than memory.
        props.setProperty("mail.pop3.filecache.enable", "true");
        props.setProperty("mail.pop3.keepmessagecontent", "false");
        // Lenient decoding: real mail breaks the rules (encoded words inside words, bad parameters).
        props.setProperty("mail.mime.decodetext.strict", "false");
        props.setProperty("mail.mime.decodefilename", "true");
        props.setProperty("mail.mime.decodeparameters", "true");
        props.setProperty("mail.mime.parameters.strict", "false");
        props.setProperty("mail.mime.address.strict", "false");
        props.setProperty("mail.mime.base64.ignoreerrors", "true");
        props.setProperty("mail.mime.uudecode.ignoreerrors", "true");
        props.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        props.setProperty("mail.mime.multipart.allowempty", "true");
    }
}
