package dev.postern.mail.internal.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.postern.mail.internal.html.ImageFetchFailed.Reason;
import dev.postern.upstream.PolicyDecision;
import dev.postern.upstream.PolicyDecision.AddressVerdict;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.RefusedByPolicy;

class RemoteImagesTests {

    private static final byte[] PNG = png(5000);
    private static final byte[] SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"
            .getBytes(StandardCharsets.UTF_8);
    private static final String KEYSTORE_PASSWORD = "changeit";
    private static final RemoteImages.Limits FAST = new RemoteImages.Limits(Duration.ofSeconds(2),
            Duration.ofMillis(700), Duration.ofSeconds(10), 64 * 1024, 3);

    @TempDir
    static Path work;

    private static HttpServer server;
    private static HttpsServer tlsServer;
    private static HttpsServer otherNameTlsServer;
    private static ExecutorService handlers;
    private static Path localhostKeystore;
    private static Path otherNameKeystore;
    private static final Map<String, Headers> requests = new ConcurrentHashMap<>();
    private static final CountDownLatch streamedHalf = new CountDownLatch(1);

    private final TestResolver resolver = new TestResolver();
    private final RemoteImages images = new RemoteImages(FAST);

    @BeforeAll
    static void startServers() throws Exception {
        handlers = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/png", exchange -> send(exchange, 200, "image/png", PNG));
        server.createContext("/png-declared-jpeg", exchange -> send(exchange, 200, "image/jpeg; charset=x", PNG));
        server.createContext("/redirect/", RemoteImagesTests::redirectChain);
        server.createContext("/to-named-host", exchange ->
                redirect(exchange, "http://images.test:" + port() + "/png"));
        server.createContext("/to-metadata", exchange ->
                redirect(exchange, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/to-intranet", exchange -> redirect(exchange, "http://intranet.test:" + port() + "/png"));
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/")) {
                redirect(exchange, "png");
            } else {
                send(exchange, 404, "text/plain", "none".getBytes());
            }
        });
        server.createContext("/to-ftp", exchange -> redirect(exchange, "ftp://files.test/a.png"));
        server.createContext("/to-file", exchange -> redirect(exchange, "file:///etc/passwd"));
        server.createContext("/set-cookie-then-redirect", exchange -> {
            exchange.getResponseHeaders().add("Set-Cookie", "tracker=1; Path=/");
            redirect(exchange, "/headers");
        });
        server.createContext("/headers", exchange -> {
            requests.put("headers", exchange.getRequestHeaders());
            send(exchange, 200, "image/png", PNG);
        });
        server.createContext("/declared-too-large", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, 20L * 1024 * 1024);
            try {
                OutputStream out = exchange.getResponseBody();
                out.write(PNG);
                out.flush();
                Thread.sleep(3000);
            } catch (IOException | InterruptedException expected) {
                // the client hangs up after the headers
            } finally {
                exchange.close();
            }
        });
        server.createContext("/endless", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(PNG);
                byte[] more = new byte[8192];
                while (true) {
                    out.write(more);
                }
            } catch (IOException expected) {
                // the client cut the connection
            }
        });
        server.createContext("/streamed", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(png(20 * 1024));
                out.flush();
                // the rest only once the client has passed the first half on
                if (streamedHalf.await(10, TimeUnit.SECONDS)) {
                    out.write(new byte[20 * 1024]);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.createContext("/svg", exchange -> send(exchange, 200, "image/svg+xml", SVG));
        server.createContext("/svg-as-png", exchange -> send(exchange, 200, "image/png", SVG));
        server.createContext("/html", exchange -> send(exchange, 200, "text/html", "<html>".getBytes()));
        server.createContext("/html-as-gif", exchange ->
                send(exchange, 200, "image/gif", "<html><script>alert(1)</script>".getBytes()));
        server.createContext("/no-type", exchange -> send(exchange, 200, null, PNG));
        server.createContext("/gzip", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            send(exchange, 200, "image/png", gzip(PNG));
        });
        server.createContext("/missing", exchange -> send(exchange, 404, "text/plain", "gone".getBytes()));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000);
                send(exchange, 200, "image/png", PNG);
            } catch (InterruptedException | IOException e) {
                exchange.close();
            }
        });
        server.createContext("/stalls", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(PNG);
                out.flush();
                Thread.sleep(3000);
            } catch (InterruptedException | IOException e) {
                exchange.close();
            }
        });
        server.start();

        localhostKeystore = selfSignedKeystore("localhost.p12", "CN=localhost", "dns:localhost,ip:127.0.0.1");
        otherNameKeystore = selfSignedKeystore("other.p12", "CN=images.example.org", "dns:images.example.org");
        tlsServer = tlsServer(localhostKeystore);
        otherNameTlsServer = tlsServer(otherNameKeystore);
    }

    @AfterAll
    static void stopServers() {
        server.stop(0);
        tlsServer.stop(0);
        otherNameTlsServer.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void fetchesAnImageAndStreamsIt() throws IOException {
        try (FetchedImage image = images.fetch(url("/png"), resolver)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            assertThat(image.contentType()).isEqualTo("image/png");
            assertThat(image.contentLength()).hasValue(PNG.length);
            assertThat(image.transferTo(out)).isEqualTo(PNG.length);
            assertThat(out.toByteArray()).isEqualTo(PNG);
        }
        assertThat(resolver.asked).containsExactly("127.0.0.1:" + port());
    }

    @Test
    void theTypeComesFromTheBytesNotTheHeader() throws IOException {
        try (FetchedImage image = images.fetch(url("/png-declared-jpeg"), resolver)) {
            assertThat(image.contentType()).isEqualTo("image/png");
        }
    }

    @Test
    void followsRedirectsAskingTheResolverAtEveryHop() throws IOException {
        try (FetchedImage image = images.fetch(url("/redirect/1?then=/to-named-host"), resolver)) {
            assertThat(image.transferTo(OutputStream.nullOutputStream())).isEqualTo(PNG.length);
        }
        assertThat(resolver.asked).as("three redirects, four connections").containsExactly("127.0.0.1:" + port(),
                "127.0.0.1:" + port(), "127.0.0.1:" + port(), "images.test:" + port());
    }

    @Test
    void aRelativeRedirectFromAUrlWithoutPathResolvesAgainstTheRoot() throws IOException {
        try (FetchedImage image = images.fetch(URI.create("http://127.0.0.1:" + port()), resolver)) {
            assertThat(image.contentType()).isEqualTo("image/png");
        }
    }

    @Test
    void moreThanThreeRedirectsAreRefused() throws IOException {
        try (FetchedImage image = images.fetch(url("/redirect/2"), resolver)) {
            assertThat(image.contentType()).isEqualTo("image/png");
        }

        assertFails(() -> images.fetch(url("/redirect/3"), resolver), Reason.TOO_MANY_REDIRECTS);
    }

    @Test
    void aRedirectToTheMetadataAddressIsRefusedByThePolicy() {
        assertThatThrownBy(() -> images.fetch(url("/to-metadata"), resolver))
                .isInstanceOf(RefusedByPolicy.class)
                .satisfies(e -> assertThat(((RefusedByPolicy) e).decision().firstRefusal().reason())
                        .isEqualTo(PolicyDecision.Reason.ALWAYS_BLOCKED));
        assertThat(resolver.asked).containsExactly("127.0.0.1:" + port(), "169.254.169.254:80");
    }

    @Test
    void aRedirectToAHostThePolicyRefusesIsRefused() {
        assertThatThrownBy(() -> images.fetch(url("/to-intranet"), resolver)).isInstanceOf(RefusedByPolicy.class);
        assertThat(resolver.asked).endsWith("intranet.test:" + port());
    }

    @Test
    void theFirstHostIsCheckedToo() {
        assertThatThrownBy(() -> images.fetch(URI.create("http://169.254.169.254/x.png"), resolver))
                .isInstanceOf(RefusedByPolicy.class);
        assertThatThrownBy(() -> images.fetch(URI.create("https://[fe80::1]:8443/x.png"), resolver))
                .isInstanceOf(RefusedByPolicy.class);
        assertThat(resolver.asked).containsExactly("169.254.169.254:80", "[fe80::1]:8443");
    }

    @Test
    void aHostThatDoesNotResolveIsUnreachable() {
        assertFails(() -> images.fetch(URI.create("http://nowhere.test/x.png"), resolver), Reason.UNREACHABLE);
    }

    @Test
    void onlyHttpAndHttpsAreFetched() {
        assertFails(() -> images.fetch(URI.create("ftp://files.test/a.png"), resolver), Reason.UNSUPPORTED_URL);
        assertFails(() -> images.fetch(URI.create("file:///etc/passwd"), resolver), Reason.UNSUPPORTED_URL);
        assertFails(() -> images.fetch(URI.create("http://user:pw@images.test/a.png"), resolver),
                Reason.UNSUPPORTED_URL);
        assertFails(() -> images.fetch(url("/to-ftp"), resolver), Reason.UNSUPPORTED_URL);
        assertFails(() -> images.fetch(url("/to-file"), resolver), Reason.UNSUPPORTED_URL);
        assertThat(resolver.asked).containsExactly("127.0.0.1:" + port(), "127.0.0.1:" + port());
    }

    @Test
    void sendsNoCookieNoRefererAndAFixedUserAgent() throws IOException {
        try (FetchedImage image = images.fetch(url("/set-cookie-then-redirect"), resolver)) {
            image.transferTo(OutputStream.nullOutputStream());
        }

        Headers headers = requests.get("headers");
        assertThat(headers.getFirst("User-Agent")).isEqualTo("Postern-ImageProxy/1.0");
        assertThat(headers.getFirst("Accept")).startsWith("image/");
        assertThat(headers.keySet()).map(String::toLowerCase)
                .doesNotContain("cookie", "referer", "authorization", "accept-encoding");
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
        assertFails(() -> images.fetch(url("/declared-too-large"), resolver), Reason.TOO_LARGE);
    }

    @Test
    void anEndlessBodyIsCutAtTheLimit() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            CountingStream out = new CountingStream();
            try (FetchedImage image = images.fetch(url("/endless"), resolver)) {
                assertThat(image.contentLength()).isEmpty();
                assertThatThrownBy(() -> image.transferTo(out)).isInstanceOf(ImageFetchFailed.class)
                        .extracting(e -> ((ImageFetchFailed) e).reason()).isEqualTo(Reason.TOO_LARGE);
            }
            assertThat(out.count).isLessThanOrEqualTo(FAST.maxBytes());
        });
    }

    @Test
    void bytesArePassedOnAsTheyArrive() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            CountingStream out = new CountingStream() {
                @Override
                public void write(byte[] b, int off, int len) {
                    super.write(b, off, len);
                    if (count >= 20 * 1024) {
                        streamedHalf.countDown();
                    }
                }
            };
            try (FetchedImage image = images.fetch(url("/streamed"), resolver)) {
                assertThat(image.transferTo(out)).isEqualTo(40 * 1024);
            }
        });
    }

    @Test
    void svgIsRefusedWhateverItIsCalled() {
        assertFails(() -> images.fetch(url("/svg"), resolver), Reason.NOT_AN_IMAGE);
        assertFails(() -> images.fetch(url("/svg-as-png"), resolver), Reason.NOT_AN_IMAGE);
    }

    @Test
    void whatIsNotAnImageIsRefused() {
        assertFails(() -> images.fetch(url("/html"), resolver), Reason.NOT_AN_IMAGE);
        assertFails(() -> images.fetch(url("/html-as-gif"), resolver), Reason.NOT_AN_IMAGE);
        assertFails(() -> images.fetch(url("/no-type"), resolver), Reason.NOT_AN_IMAGE);
        assertFails(() -> images.fetch(url("/gzip"), resolver), Reason.NOT_AN_IMAGE);
    }

    @Test
    void anHttpErrorSaysItsStatus() {
        assertThatThrownBy(() -> images.fetch(url("/missing"), resolver)).isInstanceOf(ImageFetchFailed.class)
                .satisfies(e -> {
                    assertThat(((ImageFetchFailed) e).reason()).isEqualTo(Reason.HTTP_STATUS);
                    assertThat(((ImageFetchFailed) e).status()).isEqualTo(404);
                });
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() {
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertFails(() -> images.fetch(url("/slow"), resolver), Reason.TIMED_OUT));
    }

    @Test
    void aServerThatStopsSendingTimesOut() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (FetchedImage image = images.fetch(url("/stalls"), resolver)) {
                assertThatThrownBy(() -> image.transferTo(OutputStream.nullOutputStream()))
                        .isInstanceOf(ImageFetchFailed.class)
                        .extracting(e -> ((ImageFetchFailed) e).reason()).isEqualTo(Reason.TIMED_OUT);
            }
        });
    }

    @Test
    void anUntrustedCertificateFailsTls() {
        assertFails(() -> images.fetch(tlsUrl(tlsServer, "localhost"), resolver), Reason.TLS_FAILED);
    }

    @Test
    void aTrustedCertificateForTheHostIsAccepted() throws Exception {
        RemoteImages trusting = new RemoteImages(FAST, trusting(localhostKeystore));

        try (FetchedImage image = trusting.fetch(tlsUrl(tlsServer, "localhost"), resolver)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            image.transferTo(out);
            assertThat(out.toByteArray()).isEqualTo(PNG);
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostFailsTls() throws Exception {
        RemoteImages trusting = new RemoteImages(FAST, trusting(otherNameKeystore));

        assertFails(() -> trusting.fetch(tlsUrl(otherNameTlsServer, "localhost"), resolver), Reason.TLS_FAILED);
    }

    @Test
    void defaultLimitsAreTenMebibytesAndThreeRedirects() {
        assertThat(RemoteImages.Limits.DEFAULT.maxBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(RemoteImages.Limits.DEFAULT.maxRedirects()).isEqualTo(3);
    }

    /**
     * Stands in for the upstream policy: loopback names are allowed (and {@code images.test}, which no DNS knows,
     * resolves to loopback here only), link-local addresses are always refused, {@code intranet.test} is refused for
     * want of a rule, anything else is unknown.
     */
    private static final class TestResolver implements RemoteImages.Resolver {

        final List<String> asked = new CopyOnWriteArrayList<>();

        @Override
        public List<InetAddress> resolve(String host, int port) throws IOException {
            asked.add(host + ":" + port);
            return switch (host) {
                case "127.0.0.1", "localhost", "images.test" ->
                        List.of(InetAddress.getByAddress(host, new byte[]{127, 0, 0, 1}));
                case "intranet.test" -> throw refused(host, port, InetAddress.getByAddress(new byte[]{10, 0, 0, 5}),
                        PolicyDecision.Reason.INTERNAL_WITHOUT_RULE);
                case "169.254.169.254", "[fe80::1]", "fe80::1" -> throw refused(host, port,
                        InetAddress.getByName(host.replace("[", "").replace("]", "")),
                        PolicyDecision.Reason.ALWAYS_BLOCKED);
                default -> throw new UnknownHostException(host);
            };
        }

        private static RefusedByPolicy refused(String host, int port, InetAddress address,
                                               PolicyDecision.Reason reason) {
            return new RefusedByPolicy(new PolicyDecision(Protocol.HTTP, host, port,
                    List.of(new AddressVerdict(address, false, reason, null))));
        }
    }

    private static class CountingStream extends OutputStream {

        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    @FunctionalInterface
    private interface Fetch {
        FetchedImage fetch() throws IOException;
    }

    private static void assertFails(Fetch fetch, Reason reason) {
        assertThatThrownBy(() -> fetch.fetch().close()).isInstanceOf(ImageFetchFailed.class)
                .extracting(e -> ((ImageFetchFailed) e).reason()).isEqualTo(reason);
    }

    /** {@code /redirect/n} sends n more redirects, then goes to {@code then} (default {@code /png}). */
    private static void redirectChain(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        int remaining = Integer.parseInt(path.substring("/redirect/".length()));
        String then = query != null && query.startsWith("then=") ? query.substring(5) : "/png";
        String next = remaining == 0 ? then : "/redirect/" + (remaining - 1) + (query == null ? "" : "?" + query);
        redirect(exchange, next);
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static int port() {
        return server.getAddress().getPort();
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    private static URI tlsUrl(HttpsServer tls, String host) {
        return URI.create("https://" + host + ":" + tls.getAddress().getPort() + "/png");
    }

    /** A PNG signature followed by filler: the fetcher sniffs, it does not decode. */
    private static byte[] png(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 7);
        System.arraycopy(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, bytes, 0, 8);
        return bytes;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    private static HttpsServer tlsServer(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore keys = load(keystore);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, KEYSTORE_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer tls = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tls.setHttpsConfigurator(new HttpsConfigurator(context));
        tls.setExecutor(handlers);
        HttpHandler png = exchange -> send(exchange, 200, "image/png", PNG);
        tls.createContext("/png", png);
        tls.start();
        return tls;
    }

    /** A key pair and self-signed certificate made by the JDK's keytool, so that no test key is checked in. */
    private static Path selfSignedKeystore(String name, String subject, String alternativeNames)
            throws IOException, InterruptedException {
        Path keystore = work.resolve(name);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "2", "-dname", subject, "-ext", "san=" + alternativeNames,
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", KEYSTORE_PASSWORD,
                "-keypass", KEYSTORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return keystore;
    }

    private static SSLContext trusting(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("server", load(keystore).getCertificate("server"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, KEYSTORE_PASSWORD.toCharArray());
        }
        return keys;
    }
}
