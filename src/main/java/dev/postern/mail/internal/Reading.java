package dev.postern.mail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;

import dev.postern.mail.AttachmentInfo;
import dev.postern.mail.MessageContent;
import dev.postern.mail.MessageFlags;
import dev.postern.mail.MessageNotFound;
import dev.postern.mail.MessageView;
import dev.postern.mail.PartDownload;
import dev.postern.mail.internal.mime.MessageReader;

/** Reading a message on an open mailbox: for display, and one part streamed out. */
public final class Reading {

    private Reading() {
    }

    public static MessageView view(Retrieval retrieval, String folder, String id, int maxBodyChars, boolean markSeen)
            throws MessagingException {
        Message message = retrieval.message(folder, id);
        MessageContent content = MessageReader.read(message, maxBodyChars);
        MessageFlags flags = MessageReader.flags(message);
        if (markSeen && !flags.seen()) {
            retrieval.markSeen(folder, List.of(id), true);
            flags = new MessageFlags(true, flags.flagged(), flags.answered(), flags.draft());
        }
        return new MessageView(folder, id, content, flags, message.getSize());
    }

    /** Streams the part (decoded) to the download; returns the bytes written. */
    public static long download(Retrieval retrieval, String folder, String id, String partId, PartDownload download)
            throws MessagingException {
        Message message = retrieval.message(folder, id);
        MessageContent content = MessageReader.read(message, 0);
        AttachmentInfo info = Stream.concat(content.attachments().stream(), content.inlineParts().stream())
                .filter(a -> a.partId().equals(partId)).findFirst()
                .orElseThrow(() -> new MessageNotFound("no part " + partId));
        Part part = MessageReader.findPart(message, partId);
        try (InputStream in = MessageReader.open(part)) {
            OutputStream out = download.start(info);
            return in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
