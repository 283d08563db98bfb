package dev.postern.testing.ftp;

import dev.postern.testing.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, valid for two days: as PEM files made by
 * {@code openssl} for the real daemons, or as a PKCS#12 key store made by the JDK's {@code keytool} for Apache
 * FtpServer (so that the default build needs nothing outside the JDK).
 */
record TestCertificate(X509Certificate certificate, Path certificateFile, Path keyFile, String keyStorePassword) {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SUBJECT_ALT_NAME = "DNS:localhost,IP:" + LoopbackPorts.HOST;

    /** {@code cert.pem} and {@code key.pem} (P-256, unencrypted) in {@code directory}. */
    static TestCertificate pem(Path directory) {
        Path cert = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");
        Processes.run(TIMEOUT, "/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=" + SUBJECT_ALT_NAME, "-keyout", key.toString(), "-out", cert.toString());
        try (InputStream in = Files.newInputStream(cert)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
            return new TestCertificate(certificate, cert, key, null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + cert, e);
        } catch (CertificateException e) {
            throw new IllegalStateException("openssl made an unreadable certificate at " + cert, e);
        }
    }

    /** {@code keystore.p12} in {@code directory}, with one key entry {@code ftp}; its password is the key's. */
    static TestCertificate pkcs12(Path directory, String password) {
        Path store = directory.resolve("keystore.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Processes.run(TIMEOUT, null, List.of(keytool.toString(), "-genkeypair", "-alias", "ftp", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:" + LoopbackPorts.HOST,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password,
                "-keypass", password));
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password.toCharArray());
            return new TestCertificate((X509Certificate) keyStore.getCertificate("ftp"), store, store, password);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + store, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keytool made an unreadable key store at " + store, e);
        }
    }
}
