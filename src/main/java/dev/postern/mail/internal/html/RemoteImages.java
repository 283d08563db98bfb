package dev.postern.mail.internal.html;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

import dev.postern.mail.internal.html.ImageFetchFailed.Reason;

/**
 * Fetches a remote image for the gateway's image proxy, through the upstream policy.
 *
 * <p>Every connection, the first and the one after each redirect, resolves its host through the caller's
 * {@link Resolver} (the policy's check for protocol HTTP) and connects only to the addresses it returned: Apache
 * HttpClient is given a {@link DnsResolver} that asks nothing else, no proxy, and no connection reuse, so no hop goes
 * anywhere the policy did not judge. A refusal comes out as the resolver threw it.
 *
 * <p>What is fetched: http or https only, at most {@link Limits#maxRedirects()} redirects (each re-checked),
 * certificates checked against the default trust store with host name verification, a fixed User-Agent, no cookies,
 * no Referer, no authentication, no compression. What is passed on: a 200 answer with an {@code image/*} type
 * other than SVG whose first bytes are PNG, GIF, JPEG, WebP, AVIF, BMP or ICO, no larger than
 * {@link Limits#maxBytes()}, streamed.
 *
 * <p>Each fetch uses a client of its own (the resolver is the caller's); the TLS setup is shared.
 */
public final class RemoteImages {

    /** The addresses a host may be reached at, or an {@link IOException} (such as the policy's refusal). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host, int port) throws IOException;
    }

    /**
     * How long and how much.
     *
     * @param connectTimeout to open a connection
     * @param readTimeout to wait for the answer's headers, and between two reads of the body
     * @param totalTimeout for the whole fetch, redirects and streaming included
     * @param maxBytes the largest image passed on
     * @param maxRedirects how many redirects are followed
     */
    public record Limits(Duration connectTimeout, Duration readTimeout, Duration totalTimeout, long maxBytes,
                         int maxRedirects) {

        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(30), 10L * 1024 * 1024, 3);

        public Limits {
            Objects.requireNonNull(connectTimeout);
            Objects.requireNonNull(readTimeout);
            Objects.requireNonNull(totalTimeout);
            if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
                    || readTimeout.isZero() || totalTimeout.isNegative() || totalTimeout.isZero()) {
                throw new IllegalArgumentException("Timeouts must be positive");
            }
            if (maxBytes < ImageSniffer.HEAD_LENGTH || maxRedirects < 0) {
                throw new IllegalArgumentException("maxBytes must be at least 32 and maxRedirects not negative");
            }
        }
    }

    static final String USER_AGENT = "Postern-ImageProxy/1.0";
    static final String ACCEPT = "image/avif,image/webp,image/png,image/gif,image/jpeg,image/*;q=0.8";

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final Limits limits;
    private final TlsSocketStrategy tls;

    /** With the default limits and the JVM's default trust store. */
    public RemoteImages() {
        this(Limits.DEFAULT);
    }

    /** With the JVM's default trust store. */
    public RemoteImages(Limits limits) {
        this(limits, DefaultClientTlsStrategy.createDefault());
    }

    /** Trusting what {@code tls} trusts, with host name verification as usual; for tests. */
    RemoteImages(Limits limits, SSLContext tls) {
        this(limits, new DefaultClientTlsStrategy(tls));
    }

    private RemoteImages(Limits limits, TlsSocketStrategy tls) {
        this.limits = Objects.requireNonNull(limits);
        this.tls = tls;
    }

    /**
     * Fetches the image's headers and first bytes and checks them; the body is left to
     * {@link FetchedImage#transferTo}.
     *
     * @param url an absolute http or https URL
     * @param resolver where each host may be reached; the upstream policy's check, whose refusal is rethrown as is
     * @throws ImageFetchFailed when the image is not passed on, and why
     * @throws IOException what the resolver threw (the policy's {@code RefusedByPolicy})
     */
    public FetchedImage fetch(URI url, Resolver resolver) throws IOException {
        long deadline = System.nanoTime() + limits.totalTimeout().toNanos();
        URI current = checked(url);
        CloseableHttpClient client = client(resolver);
        boolean handedOver = false;
        try {
            for (int redirects = 0; ; redirects++) {
                HttpGet get = new HttpGet(current);
                ClassicHttpResponse response = execute(client, get);
                int status = response.getCode();
                if (REDIRECTS.contains(status)) {
                    Header location = response.getFirstHeader(HttpHeaders.LOCATION);
                    cut(response);
                    if (redirects >= limits.maxRedirects()) {
                        throw new ImageFetchFailed(Reason.TOO_MANY_REDIRECTS,
                                "More than " + limits.maxRedirects() + " redirects");
                    }
                    if (location == null) {
                        throw new ImageFetchFailed(Reason.BAD_RESPONSE, "A redirect without a Location");
                    }
                    current = checked(redirectTarget(current, location.getValue()));
                    if (System.nanoTime() - deadline > 0) {
                        throw new ImageFetchFailed(Reason.TIMED_OUT, "The redirects took too long");
                    }
                    continue;
                }
                if (status != 200) {
                    cut(response);
                    throw new ImageFetchFailed(Reason.HTTP_STATUS, "The image server answered " + status, status,
                            null);
                }
                FetchedImage image = image(response, () -> {
                    cut(response);
                    client.close(CloseMode.IMMEDIATE);
                }, deadline);
                handedOver = true;
                return image;
            }
        } finally {
            if (!handedOver) {
                client.close(CloseMode.IMMEDIATE);
            }
        }
    }

    private FetchedImage image(ClassicHttpResponse response, Closeable connection, long deadline)
            throws IOException {
        boolean handedOver = false;
        try {
            Header typeHeader = response.getFirstHeader(HttpHeaders.CONTENT_TYPE);
            String declared = typeHeader == null ? ""
                    : typeHeader.getValue().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!declared.startsWith("image/") || declared.contains("svg") || declared.contains("xml")) {
                throw new ImageFetchFailed(Reason.NOT_AN_IMAGE,
                        "Not an image: " + (declared.isEmpty() ? "no Content-Type" : declared));
            }
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                throw new ImageFetchFailed(Reason.NOT_AN_IMAGE, "An empty answer");
            }
            long length = entity.getContentLength();
            if (length > limits.maxBytes()) {
                throw new ImageFetchFailed(Reason.TOO_LARGE,
                        "The image is " + length + " bytes, more than " + limits.maxBytes());
            }
            InputStream body = entity.getContent();
            byte[] head = new byte[ImageSniffer.HEAD_LENGTH];
            int headLength = readHead(body, head);
            String sniffed = ImageSniffer.sniff(head, headLength);
            if (sniffed == null) {
                throw new ImageFetchFailed(Reason.NOT_AN_IMAGE, "Declared " + declared + ", but not an image we pass on");
            }
            FetchedImage image = new FetchedImage(sniffed, length, head, headLength, body, connection,
                    limits.maxBytes(), deadline);
            handedOver = true;
            return image;
        } finally {
            if (!handedOver) {
                connection.close();
            }
        }
    }

    private static int readHead(InputStream body, byte[] head) throws IOException {
        int length = 0;
        try {
            while (length < head.length) {
                int n = body.read(head, length, head.length - length);
                if (n == -1) {
                    break;
                }
                length += n;
            }
        } catch (InterruptedIOException e) {
            throw new ImageFetchFailed(Reason.TIMED_OUT, "The image server stopped sending", e);
        }
        return length;
    }

    private ClassicHttpResponse execute(CloseableHttpClient client, HttpGet get) throws IOException {
        try {
            return client.executeOpen(null, get, null);
        } catch (IOException e) {
            IOException refusal = resolverFailure(e);
            if (refusal != null) {
                throw refusal;
            }
            throw translated(e);
        }
    }

    /** What the caller's resolver threw, carried out of HttpClient's DnsResolver (which may only throw one kind). */
    private static IOException resolverFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ResolverFailure failure) {
                return (IOException) failure.getCause();
            }
        }
        return null;
    }

    private static IOException translated(IOException e) {
        if (e instanceof InterruptedIOException) {
            return new ImageFetchFailed(Reason.TIMED_OUT, "The image server did not answer in time", e);
        }
        if (e instanceof SSLException) {
            return new ImageFetchFailed(Reason.TLS_FAILED, "TLS with the image server failed", e);
        }
        if (e instanceof UnknownHostException || e instanceof ConnectException
                || e instanceof NoRouteToHostException) {
            return new ImageFetchFailed(Reason.UNREACHABLE, "The image server could not be reached", e);
        }
        if (e.getCause() instanceof HttpException) {
            return new ImageFetchFailed(Reason.BAD_RESPONSE, "The image server's answer was not valid HTTP", e);
        }
        return e;
    }

    private static void cut(ClassicHttpResponse response) throws IOException {
        // IMMEDIATE: a body left unread is dropped with the connection, never drained.
        if (response instanceof CloseableHttpResponse closeable) {
            closeable.close(CloseMode.IMMEDIATE);
        } else {
            response.close();
        }
    }

    private static URI redirectTarget(URI current, String location) throws ImageFetchFailed {
        try {
            return current.resolve(new URI(MailUrls.encodeIllegal(location.strip())));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ImageFetchFailed(Reason.UNSUPPORTED_URL, "A redirect to an invalid URL", e);
        }
    }

    private static URI checked(URI url) throws ImageFetchFailed {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null || url.getRawUserInfo() != null) {
            throw new ImageFetchFailed(Reason.UNSUPPORTED_URL, "Not an http or https URL with a host: " + url);
        }
        return url;
    }

    private CloseableHttpClient client(Resolver resolver) {
        BasicHttpClientConnectionManager connections = BasicHttpClientConnectionManager.create(
                DefaultSchemePortResolver.INSTANCE, new PolicyDns(resolver),
                RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tls).build(),
                ManagedHttpClientConnectionFactory.INSTANCE);
        connections.setConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(limits.connectTimeout()))
                .setSocketTimeout(Timeout.of(limits.readTimeout()))
                .build());
        connections.setSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.of(limits.readTimeout())).build());
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableConnectionState()
                .setUserAgent(USER_AGENT)
                .setDefaultHeaders(List.of(new BasicHeader(HttpHeaders.ACCEPT, ACCEPT)))
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(limits.readTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(limits.connectTimeout()))
                        .setRedirectsEnabled(false)
                        .setAuthenticationEnabled(false)
                        .setExpectContinueEnabled(false)
                        .setProtocolUpgradeEnabled(false)
                        .build())
                .build();
    }

    /**
     * HttpClient's only way to a host's addresses: the caller's resolver, with the port the connection is for. A name
     * that does not resolve stays an {@link UnknownHostException} (unreachable); anything else the resolver throws,
     * a policy refusal above all, is carried out to be rethrown as it was.
     */
    private record PolicyDns(Resolver resolver) implements DnsResolver {

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            List<InetAddress> allowed;
            try {
                allowed = resolver.resolve(host, port);
            } catch (UnknownHostException e) {
                throw e;
            } catch (IOException e) {
                throw new ResolverFailure(host, e);
            }
            if (allowed == null || allowed.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return allowed.stream().map(address -> new InetSocketAddress(address, port)).toList();
        }

        /** Never used by the connection operator; without a port the policy cannot judge, so nothing resolves. */
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException("No address without a port: " + host);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }

    /** Carries the resolver's exception through {@link DnsResolver#resolve(String, int)}. */
    private static final class ResolverFailure extends UnknownHostException {

        ResolverFailure(String host, IOException cause) {
            super(host);
            initCause(cause);
        }
    }
}
