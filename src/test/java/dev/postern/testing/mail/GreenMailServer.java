package dev.postern.testing.mail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * GreenMail in this JVM with SMTP, IMAP, IMAPS and POP3 on free loopback ports: the mail server of the default test
 * run. Its SMTP port takes AUTH PLAIN/LOGIN (and, unlike a real submission server, also mail without it).
 */
public final class GreenMailServer implements MailServer {

    public static final String HOST = "127.0.0.1";
    public static final String DOMAIN = "postern.test";

    private final GreenMail greenMail;
    private final Map<String, MailUser> users = Collections.synchronizedMap(new LinkedHashMap<>());

    private GreenMailServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    public static GreenMailServer start() {
        GreenMail greenMail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {
                new ServerSetup(0, HOST, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, HOST, ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(0, HOST, ServerSetup.PROTOCOL_IMAPS),
                new ServerSetup(0, HOST, ServerSetup.PROTOCOL_POP3)}));
        greenMail.start();
        return new GreenMailServer(greenMail);
    }

    /** The GreenMail underneath, for what this interface does not cover. */
    public GreenMail greenMail() {
        return greenMail;
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    @Override
    public int imapsPort() {
        return greenMail.getImaps().getPort();
    }

    @Override
    public int pop3Port() {
        return greenMail.getPop3().getPort();
    }

    @Override
    public int submissionPort() {
        return greenMail.getSmtp().getPort();
    }

    @Override
    public String domain() {
        return DOMAIN;
    }

    @Override
    public X509Certificate certificate() {
        KeyStore keys = ((DummySSLServerSocketFactory) DummySSLServerSocketFactory.getDefault()).getKeyStore();
        try {
            for (String alias : Collections.list(keys.aliases())) {
                if (keys.getCertificate(alias) instanceof X509Certificate certificate) {
                    return certificate;
                }
            }
        } catch (KeyStoreException e) {
            throw new IllegalStateException("could not read GreenMail's key store", e);
        }
        throw new IllegalStateException("GreenMail's key store holds no certificate");
    }

    /** None: GreenMail has no special-use folders. */
    @Override
    public Map<String, String> specialUseFolders() {
        return Map.of();
    }

    @Override
    public MailUser addUser(String name, String password) {
        MailUser user = new MailUser(name, password, name + "@" + DOMAIN);
        greenMail.setUser(user.address(), name, password);
        users.put(name, user);
        return user;
    }

    @Override
    public List<MailUser> users() {
        synchronized (users) {
            return List.copyOf(users.values());
        }
    }

    @Override
    public void deliver(String user, String folder, byte[] rfc822) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(rfc822));
            mailFolder(user, folder).appendMessage(message, new Flags(), new Date());
        } catch (MessagingException e) {
            throw new IllegalArgumentException("not a message GreenMail can parse", e);
        }
    }

    @Override
    public void folder(String user, String name) {
        ImapHostManager folders = greenMail.getManagers().getImapHostManager();
        GreenMailUser owner = user(user);
        try {
            if (folders.getFolder(owner, name) == null) {
                folders.createMailbox(owner, name);
            }
            folders.subscribe(owner, name);
        } catch (FolderException | com.icegreen.greenmail.imap.AuthorizationException e) {
            throw new IllegalStateException("GreenMail could not create folder " + name + " for " + user, e);
        }
    }

    @Override
    public List<byte[]> messages(String user, String folder) {
        List<byte[]> messages = new ArrayList<>();
        for (StoredMessage stored : mailFolder(user, folder).getMessages()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                stored.getMimeMessage().writeTo(bytes);
            } catch (IOException | MessagingException e) {
                throw new IllegalStateException("GreenMail could not write a stored message", e);
            }
            messages.add(bytes.toByteArray());
        }
        return messages;
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    private MailFolder mailFolder(String user, String folder) {
        ImapHostManager folders = greenMail.getManagers().getImapHostManager();
        GreenMailUser owner = user(user);
        try {
            MailFolder found = "INBOX".equalsIgnoreCase(folder) ? folders.getInbox(owner)
                    : folders.getFolder(owner, folder);
            if (found == null) {
                throw new IllegalArgumentException("no folder " + folder + " for " + user + "; create it first");
            }
            return found;
        } catch (FolderException e) {
            throw new IllegalStateException("GreenMail could not open " + folder + " for " + user, e);
        }
    }

    private GreenMailUser user(String name) {
        GreenMailUser user = greenMail.getUserManager().getUser(name);
        if (user == null) {
            throw new IllegalArgumentException("no mail user " + name + "; add it with addUser first");
        }
        return user;
    }
}
