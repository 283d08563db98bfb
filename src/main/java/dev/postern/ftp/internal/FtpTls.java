package dev.postern.ftp.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How an FTPS connection decides whether to trust the server: by the JVM's trust store (with the host name checked),
 * or, when the connection pins a certificate, by that certificate's SHA-256 fingerprint alone. Never by nothing: there
 * is no "accept any certificate" here. The certificate the server presented is remembered, so that a refusal can
 * show the fingerprint a user would pin.
 */
public final class FtpTls {

    private final SSLContext context;
    private final boolean pinned;
    private volatile X509Certificate presented;

    private FtpTls(String pin) {
        this.pinned = pin != null && !pin.isBlank();
        try {
            X509ExtendedTrustManager checker = pinned ? new Pinned(pin.strip()) : jvmTrust();
            // One context per connection: its session cache holds the sessions its data connections resume.
            SSLContext tls = SessionReusingFtpsClient.newContext();
            tls.init(null, new TrustManager[]{new Recording(checker)}, null);
            this.context = tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No TLS available", e);
        }
    }

    /** Trust for one connection: the pinned certificate (a SHA-256 fingerprint), or the JVM's trust store when empty. */
    public static FtpTls forPin(String pin) {
        return new FtpTls(pin);
    }

    public SSLContext context() {
        return context;
    }

    /** Whether a pinned certificate decides, in which case the host name is not checked (the pin is stricter). */
    public boolean pinned() {
        return pinned;
    }

    /** The fingerprint of the certificate the server presented, or null when none was seen yet. */
    public String presentedFingerprint() {
        X509Certificate certificate = presented;
        return certificate == null ? null : fingerprint(certificate);
    }

    /** SHA-256 of the certificate's DER encoding, as upper-case hex pairs joined by colons. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509ExtendedTrustManager jvmTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("No X.509 trust manager in the JVM");
    }

    /** Remembers what the server presented, then lets the real check decide. */
    private final class Recording extends ServerChecks {

        private final X509ExtendedTrustManager checker;

        Recording(X509ExtendedTrustManager checker) {
            this.checker = checker;
        }

        private void seen(X509Certificate[] chain) {
            if (chain != null && chain.length > 0) {
                presented = chain[0];
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            seen(chain);
            checker.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            seen(chain);
            checker.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            seen(chain);
            checker.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return checker.getAcceptedIssuers();
        }
    }

    /** Trusts exactly the certificate with the pinned fingerprint, whoever signed it. */
    private static final class Pinned extends ServerChecks {

        private final String pin;

        Pinned(String pin) {
            this.pin = pin;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("The server presented no certificate");
            }
            String presented = fingerprint(chain[0]);
            if (!presented.equalsIgnoreCase(pin)) {
                throw new CertificateException("The server's certificate (SHA-256 " + presented
                        + ") is not the one pinned on this connection");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** A trust manager for a client: it checks servers only, and refuses to be asked about clients. */
    private abstract static class ServerChecks extends X509ExtendedTrustManager {

        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("Postern does not accept TLS clients");
        }

        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("Postern does not accept TLS clients");
        }

        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("Postern does not accept TLS clients");
        }
    }
}
