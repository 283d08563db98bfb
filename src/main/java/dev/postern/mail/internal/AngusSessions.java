package dev.postern.mail.internal;

import java.time.Duration;
import java.util.Properties;

import javax.net.SocketFactory;

import dev.postern.upstream.GuardedSocketFactory;
import dev.postern.upstream.Security;

/**
 * The Angus Mail session properties for one protocol ({@code imap}, {@code pop3}, {@code smtp}), such that every
 * socket comes from the policy's {@link GuardedSocketFactory} and TLS is checked against the JVM trust store.
 *
 * <p>What Angus 2.0.5's {@code SocketFetcher} does with them, and why each one is set:
 * <ul>
 * <li>{@code mail.<p>.socketFactory} holds our factory. Because it is not an {@code SSLSocketFactory}, Angus asks it
 * for an unconnected socket ({@code createSocket()}) and connects that, so the policy check runs on connect, for
 * plain text, STARTTLS and implicit TLS alike. For TLS (implicit, or STARTTLS later) Angus then layers the default
 * {@code SSLSocketFactory} on the connected socket. No {@code ssl.socketFactory} is set: an SSL factory there
 * would make Angus open a plain {@code java.net.Socket} itself, around the policy.</li>
 * <li>{@code mail.<p>.socketFactory.fallback=false}: with the default ({@code true}) Angus swallows any failure of
 * the factory, a policy refusal included, and retries with a plain socket of its own.</li>
 * <li>{@code mail.<p>.ssl.checkserveridentity=true} (Angus's default, set so that nobody turns it off by accident):
 * the host name is checked against the certificate with the {@code LDAPS} endpoint identification algorithm
 * during the handshake. {@code mail.<p>.ssl.trust} is never set, as it would swap in Angus's own trust manager.</li>
 * <li>STARTTLS is {@code required}: if the server does not offer it, Angus fails rather than carry on in clear.</li>
 * <li>{@code mail.debug.auth=false}: Angus keeps the authentication exchange out of the debug trace.</li>
 * </ul>
 */
final class AngusSessions {

    private AngusSessions() {
    }

    static Properties properties(String protocol, Security security, SocketFactory sockets, Duration connectTimeout,
                                 Duration readTimeout) {
        String prefix = "mail." + protocol;
        Properties props = new Properties();
        props.put(prefix + ".socketFactory", sockets);
        props.setProperty(prefix + ".socketFactory.fallback", "false");
        props.setProperty(prefix + ".connectiontimeout", Long.toString(connectTimeout.toMillis()));
        props.setProperty(prefix + ".timeout", Long.toString(readTimeout.toMillis()));
        props.setProperty(prefix + ".ssl.checkserveridentity", "true");
        props.setProperty(prefix + ".ssl.enable", Boolean.toString(security == Security.TLS));
        props.setProperty(prefix + ".starttls.enable", Boolean.toString(security == Security.STARTTLS));
        props.setProperty(prefix + ".starttls.required", Boolean.toString(security == Security.STARTTLS));
        props.setProperty("mail.debug.auth", "false");
        return props;
    }
}
