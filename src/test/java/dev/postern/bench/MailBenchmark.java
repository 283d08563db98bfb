package dev.postern.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeUtility;

import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;
import org.eclipse.angus.mail.imap.protocol.ENVELOPE;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

import dev.postern.account.AccountManagement;
import dev.postern.account.CurrentUser;
import dev.postern.mail.internal.MailSessions;
import dev.postern.testing.PosternTestConfiguration;
import dev.postern.testing.TestUsers;
import dev.postern.testing.mail.DovecotServer;
import dev.postern.testing.mail.MailClients;
import dev.postern.testing.mail.MailUser;
import dev.postern.upstream.ConnectionDraft;
import dev.postern.upstream.ConnectionKind;
import dev.postern.upstream.ConnectionOptions;
import dev.postern.upstream.ConnectionProfile;
import dev.postern.upstream.Connections;
import dev.postern.upstream.Protocol;
import dev.postern.upstream.RetrievalProtocol;
import dev.postern.upstream.Security;
import dev.postern.upstream.UpstreamPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.postern.bench.BenchPages.match;

/**
 * Web-mail against Dovecot on loopback with a 100,000-message INBOX, through Postern's pages over real HTTP (the app on
 * a random port, signed in with a session cookie), next to the same IMAP work done directly with Angus Mail:
 * <ol>
 * <li>list page 1 and page 200, request to complete rendered page, median and p99, one user;</li>
 * <li>opening a message (the reading page), median and p99, one user;</li>
 * <li>list pages per second with 50 users at once, each with their own session and their own IMAP connection to the
 * same Dovecot account, asking for random pages;</li>
 * <li>heap per signed-in user: 100 users, each with an open IMAP connection (their INBOX page opened once), used heap
 * after GC before and after. The app runs in this JVM, so the benchmark's own per-user state (a cookie string) is
 * counted too; it is a few hundred bytes.</li>
 * </ol>
 * Results are printed and written to {@code target/bench/mail.md}. Run with {@code ./mvnw -Pbench verify
 * -DskipFrontendTests}; it needs root, Dovecot and Postfix as the system tests do. Sizes can be changed with
 * {@code -Dpostern.bench.messages}, {@code -Dpostern.bench.samples} and {@code -Dpostern.bench.seconds}.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PosternTestConfiguration.class)
@ContextConfiguration(initializers = PosternTestConfiguration.Initializer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 40, unit = TimeUnit.MINUTES)
class MailBenchmark {

    static final int MESSAGES = Integer.getInteger("postern.bench.messages", 100_000);
    static final int SAMPLES = Integer.getInteger("postern.bench.samples", 200);
    static final int WARMUP = Math.max(100, SAMPLES);
    static final Duration LOAD = Duration.ofSeconds(Long.getLong("postern.bench.seconds", 30));
    static final int CONCURRENT_USERS = 50;
    static final Duration MAX_WARM_UP = Duration.ofSeconds(90);
    static final int HELD_USERS = 100;
    static final int PAGE_SIZE = 50;
    /** Page 200, counted from 1 as users do ({@code page=199} in the URL), or the last of a smaller INBOX. */
    static final int FAR_PAGE = Math.min(199, MESSAGES / PAGE_SIZE - 1);

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    static final Pattern ROW = Pattern.compile("<tr [^>]*data-id=\"\\d+\"");

    @LocalServerPort
    int port;

    @Autowired
    AccountManagement accounts;

    @Autowired
    Connections connections;

    @Autowired
    UpstreamPolicy policy;

    @Autowired
    MailSessions mailSessions;

    DovecotServer server;
    MailUser mailbox;
    final List<Long> rules = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    final Results results = new Results();

    @BeforeAll
    void seed() throws MessagingException {
        server = DovecotServer.start();
        CurrentUser admin = TestUsers.admin(accounts);
        for (var rule : List.of(Map.entry(Protocol.IMAP, server.imapPort()),
                Map.entry(Protocol.SMTP, server.submissionPort()))) {
            rules.add(policy.addRule(rule.getKey(), server.host(), rule.getValue(), rule.getValue(), "bench", admin).id());
        }
        mailbox = server.addUser("bench", "Bench-Mail-Pa55");
        long started = System.nanoTime();
        var seeded = server.seedInbox(mailbox.name(), MESSAGES, 20260101L);
        results.seeding = seeded + " (" + millis(System.nanoTime() - started) + " ms in all)";
        System.out.println("Seeded: " + results.seeding);
        long warming = System.nanoTime();
        warmServerCache();
        results.warming = millis(System.nanoTime() - warming);
        System.out.println("Dovecot's cache warmed in " + results.warming + " ms");
    }

    /**
     * Has Dovecot parse every message once for what a list page asks (ENVELOPE, BODYSTRUCTURE), so that it answers
     * from its cache, as it does for a mailbox that clients have listed before: {@code doveadm index} caches only
     * what it is configured to, and without this the 50 users' random pages would measure Dovecot parsing 1 GiB of
     * mail for the first time (and waiting for each other's cache writes) rather than the gateway. Direct Angus and
     * Postern see the same warmed server.
     */
    private void warmServerCache() throws MessagingException {
        try (Store store = MailClients.imap(server, mailbox)) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            int total = inbox.getMessageCount();
            for (int from = 1; from <= total; from += 2_000) {
                int first = from;
                int last = Math.min(total, from + 1_999);
                inbox.doCommand(p -> {
                    Response[] r = p.fetch(first, last, Direct.LIST_ITEMS);
                    p.handleResult(r[r.length - 1]);
                    return null;
                });
            }
            inbox.close(false);
        }
    }

    @AfterAll
    void stop() throws IOException {
        CurrentUser admin = TestUsers.admin(accounts);
        rules.forEach(id -> policy.removeRule(id, admin));
        if (server != null) {
            server.close();
        }
        String table = results.table();
        System.out.println(table);
        Path out = Path.of("target", "bench", "mail.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    @Test
    void benchmark() throws Exception {
        listAndOpen();
        concurrentUsers();
        heapPerUser();
    }

    // ----------------------------------------------------------------------------------------------------------------
    // 1 and 2: one user, list pages and opening messages, against direct Angus

    private void listAndOpen() throws Exception {
        Browser browser = signedIn("lister");
        String first = browser.get(listPath(browser, 0));
        assertThat(count(ROW, first)).isEqualTo(PAGE_SIZE);
        String far = browser.get(listPath(browser, FAR_PAGE));
        assertThat(count(ROW, far)).isEqualTo(PAGE_SIZE);

        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < WARMUP; i++) {
            browser.fetch(listPath(browser, random.nextInt(MESSAGES / PAGE_SIZE)));
            browser.fetch(listPath(browser, i % 2 == 0 ? 0 : FAR_PAGE));
        }
        // Interleaved, so that neither page gets the later, better-compiled half of the run.
        Stats[] pages = sampleAlternately(() -> browser.fetch(listPath(browser, 0)),
                () -> browser.fetch(listPath(browser, FAR_PAGE)));
        results.page1 = pages[0];
        results.page200 = pages[1];

        long[] uids = sampleUids(new SplittableRandom(11), SAMPLES + WARMUP);
        for (int i = 0; i < WARMUP; i++) {
            browser.fetch(messagePath(browser, uids[SAMPLES + i]));
        }
        int[] next = {0};
        String opened = browser.get(messagePath(browser, uids[0]));
        assertThat(opened).contains("<h1");
        results.open = sample(() -> browser.fetch(messagePath(browser, uids[next[0]++ % SAMPLES])));
        // The same messages again: now read, so no STORE \Seen (which on a 100,000-message Maildir sometimes makes
        // Dovecot rewrite its index) and a warm server cache.
        results.reopen = sample(() -> browser.fetch(messagePath(browser, uids[next[0]++ % SAMPLES])));

        try (Store store = MailClients.imap(server, mailbox)) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            int total = inbox.getMessageCount();
            for (int i = 0; i < WARMUP; i++) {
                Direct.page(inbox, total, i % 2 == 0 ? 0 : FAR_PAGE);
                Direct.open(inbox, uids[SAMPLES + i]);
            }
            Stats[] direct = sampleAlternately(() -> Direct.page(inbox, total, 0),
                    () -> Direct.page(inbox, total, FAR_PAGE));
            results.directPage1 = direct[0];
            results.directPage200 = direct[1];
            int[] n = {0};
            results.directOpen = sample(() -> Direct.open(inbox, uids[n[0]++ % SAMPLES]));
            inbox.close(false);
        }
        browser.signOut();
    }

    /** Random UIDs from the whole INBOX (UIDs run 1 to the message count in a freshly seeded Maildir). */
    private static long[] sampleUids(SplittableRandom random, int count) {
        long[] uids = new long[count];
        for (int i = 0; i < count; i++) {
            uids[i] = 1 + random.nextInt(MESSAGES);
        }
        return uids;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // 3: throughput with 50 users at once

    private void concurrentUsers() throws Exception {
        List<Browser> browsers = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_USERS; i++) {
            Browser browser = signedIn("load" + i);
            browser.get(listPath(browser, 0));
            browsers.add(browser);
        }
        AtomicLong pages = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        // The measuring window is set once the JIT has settled (see warmUp); until then the users only warm up.
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        AtomicLong measureUntil = new AtomicLong(Long.MAX_VALUE);
        Map<String, Long> cpuBefore;
        Map<String, Long> cpuAfter;
        long clientBefore;
        long clientAfter;
        try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[]>> running = new ArrayList<>();
            for (int i = 0; i < browsers.size(); i++) {
                Browser browser = browsers.get(i);
                SplittableRandom random = new SplittableRandom(100 + i);
                running.add(users.submit(() -> {
                    long[] own = new long[1 << 16];
                    int n = 0;
                    while (true) {
                        long start = System.nanoTime();
                        if (start >= measureUntil.get()) {
                            return Arrays.copyOf(own, n);
                        }
                        browser.fetch(listPath(browser, random.nextInt(MESSAGES / PAGE_SIZE)));
                        long end = System.nanoTime();
                        if (start >= measureFrom.get() && end <= measureUntil.get()) {
                            pages.incrementAndGet();
                            if (n < own.length) {
                                own[n++] = end - start;
                            }
                        }
                    }
                }));
            }
            results.concurrentWarmUp = warmUp();
            System.out.println("Phase: " + CONCURRENT_USERS + " users at once, warmed up for " + results.concurrentWarmUp
                    + ", measuring for " + LOAD.toSeconds() + " s");
            cpuBefore = ProcessCpu.snapshot();
            clientBefore = ProcessCpu.httpClientNanos();
            long from = System.nanoTime();
            measureFrom.set(from);
            Thread.sleep(LOAD.toMillis());
            long until = System.nanoTime();
            cpuAfter = ProcessCpu.snapshot();
            clientAfter = ProcessCpu.httpClientNanos();
            measureUntil.set(until);
            results.measuredSeconds = (until - from) / 1e9;
            for (Future<long[]> user : running) {
                latencies.add(user.get(120, TimeUnit.SECONDS));
            }
        }
        results.cpuPerPage = ProcessCpu.perUnit(cpuBefore, cpuAfter, pages.get());
        results.clientCpuPerPage = (clientAfter - clientBefore) / 1e6 / Math.max(1, pages.get());
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
        results.throughput = pages.get() / results.measuredSeconds;
        results.underLoad = Stats.of(all);
        for (Browser browser : browsers) {
            browser.signOut();
        }
    }

    /**
     * Lets the 50 users run until the JIT has settled: the one-user phases before compile little of what 50 users at
     * once run through (a server that has run for a while has it compiled), and measured at once the run would count
     * the compiler's threads, which took most of a core for the first half minute, as the cost of a page. Settled is
     * when the compilers took under 5 % of the wall time in each of two consecutive 2-second spells; at least 5 s, at
     * most {@link #MAX_WARM_UP}. Returns how long it took.
     */
    private static String warmUp() throws InterruptedException {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long started = System.nanoTime();
        long compiled = jit.getTotalCompilationTime();
        int quiet = 0;
        while (System.nanoTime() - started < MAX_WARM_UP.toNanos()) {
            Thread.sleep(2_000);
            long now = jit.getTotalCompilationTime();
            quiet = now - compiled < 100 ? quiet + 1 : 0;
            compiled = now;
            if (quiet >= 2 && System.nanoTime() - started >= Duration.ofSeconds(5).toNanos()) {
                break;
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        return seconds + " s" + (quiet >= 2 ? "" : " (the JIT had not settled)");
    }

    /**
     * CPU time of the processes on this machine by kind, from {@code /proc/<pid>/stat} (user and system clock ticks):
     * this JVM (Postern and the load generator), Dovecot's imap processes, PostgreSQL's, and everything else (which
     * on a shared machine includes other people's work, and says how clean the measurement was).
     */
    static final class ProcessCpu {

        static final long SELF = ProcessHandle.current().pid();
        static final double TICK_MS = 10.0;

        /** CPU time of the load generator's HTTP client threads (which read and parse the responses). */
        static long httpClientNanos() {
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long total = 0;
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().startsWith("HttpClient")) {
                    total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                }
            }
            return total;
        }

        static Map<String, Long> snapshot() throws IOException {
            Map<String, Long> ticks = new java.util.TreeMap<>();
            try (var entries = Files.list(Path.of("/proc"))) {
                for (Path dir : entries.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                    String stat;
                    try {
                        stat = Files.readString(dir.resolve("stat"));
                    } catch (IOException gone) {
                        continue;
                    }
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String command = stat.substring(open + 1, close);
                    String[] fields = stat.substring(close + 2).split(" ");
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    long pid = Long.parseLong(dir.getFileName().toString());
                    ticks.merge(pid + ":" + kind(pid, command), used, Long::sum);
                }
            }
            return ticks;
        }

        private static String kind(long pid, String command) {
            if (pid == SELF) {
                return "Postern JVM (with the load generator)";
            }
            if (command.equals("imap") || command.startsWith("dovecot") || command.equals("imap-login")) {
                return "Dovecot";
            }
            if (command.startsWith("postgres")) {
                return "PostgreSQL";
            }
            return "other processes";
        }

        /**
         * Milliseconds of CPU per unit of work, by kind: processes alive at the end, those started meanwhile counted
         * from their start (processes that ended meanwhile are missed).
         */
        static Map<String, Double> perUnit(Map<String, Long> before, Map<String, Long> after, long units) {
            Map<String, Double> perUnit = new java.util.TreeMap<>();
            after.forEach((key, ticks) -> {
                long spent = ticks - before.getOrDefault(key, 0L);
                perUnit.merge(key.substring(key.indexOf(':') + 1), spent * TICK_MS / Math.max(1, units), Double::sum);
            });
            return perUnit;
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // 4: heap per signed-in user with an open IMAP connection

    private void heapPerUser() throws Exception {
        // Postern users (with their password hashes) are made before the baseline: they are database rows, not what a
        // signed-in session costs.
        List<String> names = new ArrayList<>();
        List<ConnectionProfile> profiles = new ArrayList<>();
        for (int i = 0; i < HELD_USERS; i++) {
            String name = TestUsers.create(accounts, "held" + i);
            names.add(name);
            profiles.add(connection(TestUsers.as(accounts, name)));
        }
        int openBefore = mailSessions.openCount();
        long before = usedHeapAfterGc();
        List<Browser> held = new ArrayList<>();
        for (int i = 0; i < HELD_USERS; i++) {
            Browser browser = signIn(names.get(i), profiles.get(i));
            browser.get(listPath(browser, 0));
            held.add(browser);
        }
        long after = usedHeapAfterGc();
        results.openConnections = mailSessions.openCount() - openBefore;
        results.heapPerUser = (after - before) / (double) HELD_USERS;
        results.heapBefore = before;
        results.heapAfter = after;
        assertThat(results.openConnections).isEqualTo(HELD_USERS);
        for (Browser browser : held) {
            browser.signOut();
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // Several rounds: finalizable and soft-referenced garbage needs more than one, and the app's background work
        // (session cleanup, the idle sweep) may allocate meanwhile. The lowest of the rounds counts.
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(300);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Browsers: a session cookie each, over one HTTP client

    private Browser signedIn(String prefix) throws Exception {
        String name = TestUsers.create(accounts, prefix);
        return signIn(name, connection(TestUsers.as(accounts, name)));
    }

    private ConnectionProfile connection(CurrentUser user) {
        return connections.create(new ConnectionDraft(ConnectionKind.MAIL, "Bench", server.host(), server.imapPort(),
                Security.NONE, mailbox.name(), mailbox.password(), false,
                new ConnectionOptions.Mail(RetrievalProtocol.IMAP, server.host(), server.submissionPort(),
                        Security.NONE, true, "Bench", mailbox.address())), user);
    }

    private Browser signIn(String name, ConnectionProfile profile) throws Exception {
        Browser browser = new Browser(profile);
        String form = browser.get("/login");
        String csrf = match(CSRF, form);
        HttpResponse<String> response = browser.post("/login", Map.of("username", name, "password",
                TestUsers.PASSWORD, "_csrf", csrf));
        String target = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 302 || target.contains("/login")) {
            throw new IllegalStateException("sign-in of " + name + " failed: " + response.statusCode() + " " + target);
        }
        return browser;
    }

    private static String listPath(Browser browser, int page) {
        return "/mail/" + browser.profile.id() + "?page=" + page;
    }

    private static String messagePath(Browser browser, long uid) {
        return "/mail/" + browser.profile.id() + "/message?folder=INBOX&uid=" + uid;
    }

    final class Browser {
        final ConnectionProfile profile;
        volatile String cookie;

        Browser(ConnectionProfile profile) {
            this.profile = profile;
        }

        /**
         * The page's body, read to the end as bytes (not decoded: the client's own work stays small); its length.
         * Anything but 200 fails the benchmark.
         */
        int fetch(String path) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
            HttpResponse<byte[]> response = http.send(withCookie(request).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            remember(response);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + " "
                        + response.headers().firstValue("Location").orElse(""));
            }
            return response.body().length;
        }

        /** The page's body as text, read to the end; anything but 200 fails the benchmark. */
        String get(String path) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
            HttpResponse<String> response = http.send(withCookie(request).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            remember(response);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + " "
                        + response.headers().firstValue("Location").orElse(""));
            }
            return response.body();
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
            StringBuilder body = new StringBuilder();
            form.forEach((key, value) -> body.append(body.isEmpty() ? "" : "&")
                    .append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
            HttpResponse<String> response = http.send(withCookie(request).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            remember(response);
            return response;
        }

        /** Signs out through the page's own form, which also closes the session's IMAP connection. */
        void signOut() throws IOException, InterruptedException {
            String page = get("/mail/" + profile.id() + "?page=0");
            HttpResponse<String> response = post("/logout", Map.of("_csrf", match(CSRF, page)));
            if (response.statusCode() != 302) {
                throw new IllegalStateException("sign-out answered " + response.statusCode());
            }
        }

        private HttpRequest.Builder withCookie(HttpRequest.Builder request) {
            request.timeout(Duration.ofSeconds(60));
            return cookie == null ? request : request.header("Cookie", cookie);
        }

        private void remember(HttpResponse<?> response) {
            for (String header : response.headers().allValues("Set-Cookie")) {
                if (header.startsWith("POSTERN_SESSION=")) {
                    cookie = header.substring(0, header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
                }
            }
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // The same IMAP work done directly: one folder opened once, raw FETCH commands (not Angus's message cache)

    static final class Direct {

        static final String LIST_ITEMS = "UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE";

        /** The page's 50 rows, newest first, as a list page needs them: subjects decoded. */
        static List<String> page(IMAPFolder inbox, int total, int page) throws Exception {
            int to = total - page * PAGE_SIZE;
            int from = Math.max(1, to - PAGE_SIZE + 1);
            Response[] responses = (Response[]) inbox.doCommand(p -> {
                Response[] r = p.fetch(from, to, LIST_ITEMS);
                p.handleResult(r[r.length - 1]);
                return r;
            });
            List<String> rows = new ArrayList<>(PAGE_SIZE);
            for (Response response : responses) {
                if (response instanceof FetchResponse fetch && fetch.getItem(ENVELOPE.class) != null) {
                    ENVELOPE envelope = fetch.getItem(ENVELOPE.class);
                    rows.add(fetch.getItem(UID.class).uid + " " + MimeUtility.decodeText(
                            envelope.subject == null ? "" : envelope.subject));
                }
            }
            if (rows.size() != to - from + 1) {
                throw new IllegalStateException("direct page " + page + " had " + rows.size() + " rows");
            }
            return rows;
        }

        /** A message opened for reading: its structure and header, then its first text part, decoded. */
        static String open(IMAPFolder inbox, long uid) throws Exception {
            FetchResponse head = fetchOne(inbox, "UID FETCH " + uid
                    + " (UID FLAGS RFC822.SIZE INTERNALDATE BODYSTRUCTURE BODY.PEEK[HEADER])");
            BODYSTRUCTURE structure = head.getItem(BODYSTRUCTURE.class);
            String[] section = new String[1];
            BODYSTRUCTURE text = firstText(structure, "", section);
            if (text == null) {
                return "";
            }
            FetchResponse body = fetchOne(inbox, "UID FETCH " + uid + " (BODY.PEEK[" + section[0] + "])");
            BODY bytes = body.getItem(BODY.class);
            String charset = text.cParams == null || text.cParams.get("charset") == null ? "UTF-8"
                    : text.cParams.get("charset");
            try (InputStream decoded = MimeUtility.decode(bytes.getByteArrayInputStream(),
                    text.encoding == null ? "7bit" : text.encoding.toLowerCase(Locale.ROOT))) {
                return new String(decoded.readAllBytes(), Charset.forName(MimeUtility.javaCharset(charset)));
            }
        }

        private static FetchResponse fetchOne(IMAPFolder inbox, String command) throws MessagingException {
            Response[] responses = (Response[]) inbox.doCommand(p -> {
                Response[] r = p.command(command, null);
                p.handleResult(r[r.length - 1]);
                return r;
            });
            for (Response response : responses) {
                if (response instanceof FetchResponse fetch && (fetch.getItem(BODY.class) != null
                        || fetch.getItem(BODYSTRUCTURE.class) != null)) {
                    return fetch;
                }
            }
            throw new IllegalStateException("no FETCH answer to " + command);
        }

        private static BODYSTRUCTURE firstText(BODYSTRUCTURE part, String prefix, String[] section) {
            if (part.isMulti()) {
                for (int i = 0; i < part.bodies.length; i++) {
                    String id = prefix.isEmpty() ? Integer.toString(i + 1) : prefix + "." + (i + 1);
                    BODYSTRUCTURE found = firstText(part.bodies[i], id, section);
                    if (found != null) {
                        return found;
                    }
                }
                return null;
            }
            if ("text".equalsIgnoreCase(part.type) && !"attachment".equalsIgnoreCase(part.disposition)) {
                section[0] = prefix.isEmpty() ? "1" : prefix;
                return part;
            }
            return null;
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Timing and reporting

    @FunctionalInterface
    interface Call {
        Object run() throws Exception;
    }

    private static Stats sample(Call call) throws Exception {
        long[] nanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
        return Stats.of(nanos);
    }

    private static Stats[] sampleAlternately(Call first, Call second) throws Exception {
        long[] a = new long[SAMPLES];
        long[] b = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            first.run();
            long middle = System.nanoTime();
            second.run();
            a[i] = middle - start;
            b[i] = System.nanoTime() - middle;
        }
        return new Stats[]{Stats.of(a), Stats.of(b)};
    }

    record Stats(int count, double medianMs, double p99Ms) {
        static Stats of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return new Stats(0, Double.NaN, Double.NaN);
            }
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
            long p99 = sorted[Math.max(0, (int) Math.ceil(sorted.length * 0.99) - 1)];
            return new Stats(sorted.length, median / 1e6, p99 / 1e6);
        }
    }

    static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    static final class Results {
        String seeding = "";
        long warming;
        Stats page1;
        Stats page200;
        Stats open;
        Stats reopen;
        Stats directPage1;
        Stats directPage200;
        Stats directOpen;
        double throughput;
        double measuredSeconds = 1;
        String concurrentWarmUp = "";
        Stats underLoad;
        Map<String, Double> cpuPerPage = Map.of();
        double clientCpuPerPage;
        double heapPerUser;
        long heapBefore;
        long heapAfter;
        int openConnections;

        String table() {
            double ratio = page200 == null ? Double.NaN : page200.medianMs() / page1.medianMs();
            double mib = heapPerUser / (1024 * 1024);
            StringBuilder out = new StringBuilder();
            out.append("# Mail benchmark\n\n");
            out.append("Dovecot on loopback, one INBOX of ").append(String.format(Locale.ROOT, "%,d", MESSAGES))
                    .append(" messages; Postern over HTTP on the same machine (").append(Runtime.getRuntime()
                            .availableProcessors()).append(" cores, Java ").append(Runtime.version())
                    .append(", heap ").append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB).\n");
            out.append("Seeding: ").append(seeding).append("; Dovecot's cache then warmed with one FETCH of every ")
                    .append("message's list items (").append(warming).append(" ms).\n\n");
            out.append("| Measure | Postern | Direct Angus | Target | Met | Roundcube 1.6 |\n");
            out.append("| --- | --- | --- | --- | --- | --- |\n");
            row(out, "List page 1, median (p99)", page1, directPage1, "≤ 11 ms median",
                    page1 != null && page1.medianMs() <= 11, "114 ms");
            row(out, "List page " + (FAR_PAGE + 1) + ", median (p99)", page200, directPage200, "≤ 1.2 × page 1",
                    !Double.isNaN(ratio) && ratio <= 1.2, "");
            out.append("| Page ").append(FAR_PAGE + 1).append(" / page 1 (medians) | ").append(fmt(ratio)).append(" × | ")
                    .append(directPage1 == null ? "" : fmt(directPage200.medianMs() / directPage1.medianMs()) + " ×")
                    .append(" | ≤ 1.2 × | ").append(!Double.isNaN(ratio) && ratio <= 1.2 ? "yes" : "no")
                    .append(" | |\n");
            row(out, "Open a message, median (p99)", open, directOpen, "≤ 13 ms median",
                    open != null && open.medianMs() <= 13, "262 ms");
            row(out, "Open it again (already read), median (p99)", reopen, null, "≤ 13 ms median", reopen != null
                    && reopen.medianMs() <= 13, "");
            out.append("| List pages/s, ").append(CONCURRENT_USERS).append(" users at once | ")
                    .append(fmt(throughput)).append(" pages/s (latency ")
                    .append(underLoad == null ? "" : ms(underLoad)).append(") | | ≥ 400 pages/s | ")
                    .append(throughput >= 400 ? "yes" : "no").append(" | 13 pages/s |\n");
            out.append("| Heap per signed-in user (").append(HELD_USERS).append(" users, ").append(openConnections)
                    .append(" IMAP connections open) | ").append(fmt(mib)).append(" MiB | | ≤ 2 MiB | ")
                    .append(mib <= 2 ? "yes" : "no").append(" | |\n\n");
            if (!cpuPerPage.isEmpty()) {
                out.append("CPU per list page during the 50-user run (ms, from /proc): ");
                cpuPerPage.forEach((kind, ms) -> out.append(kind).append(' ').append(fmt(ms)).append("; "));
                out.append("total ").append(fmt(cpuPerPage.values().stream().mapToDouble(Double::doubleValue).sum()))
                        .append(" ms on ").append(Runtime.getRuntime().availableProcessors()).append(" cores. Of the JVM's, ")
                        .append(fmt(clientCpuPerPage)).append(" ms were the load generator's HTTP client threads.\n\n");
            }
            out.append("Heap after GC: ").append(heapBefore / (1024 * 1024)).append(" MiB before, ")
                    .append(heapAfter / (1024 * 1024)).append(" MiB with the users signed in. Latencies are from ")
                    .append(SAMPLES).append(" requests each after ").append(WARMUP).append(" warm-up requests; the ")
                    .append(CONCURRENT_USERS).append(" users asked for random pages of the same INBOX for ")
                    .append(LOAD.toSeconds()).append(" s, each with its own session and IMAP connection, after ")
                    .append(concurrentWarmUp).append(" of the same to let the JIT settle.\n");
            return out.toString();
        }

        private static void row(StringBuilder out, String name, Stats postern, Stats direct, String target,
                                boolean met, String roundcube) {
            out.append("| ").append(name).append(" | ").append(postern == null ? "" : ms(postern)).append(" | ")
                    .append(direct == null ? "" : ms(direct)).append(" | ").append(target).append(" | ")
                    .append(met ? "yes" : "no").append(" | ").append(roundcube).append(" |\n");
        }

        private static String ms(Stats stats) {
            return fmt(stats.medianMs()) + " ms (" + fmt(stats.p99Ms()) + " ms)";
        }

        private static String fmt(double value) {
            return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value);
        }
    }
}
