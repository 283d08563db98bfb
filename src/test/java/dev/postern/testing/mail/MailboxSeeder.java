package dev.postern.testing.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Makes a large, realistic mailbox quickly for benchmarks: messages written straight into a Maildir as files, then
 * indexed by Dovecot. The same seed and count give the same messages, byte for byte.
 *
 * <p>The messages vary as a real INBOX does: about 40% Korean (UTF-8, some EUC-KR) and 60% English subjects and
 * bodies, RFC 2047 encoded where needed; some forty senders; dates spread over three years with the UIDs in date
 * order (Dovecot numbers new Maildir files in file-name order, and the file names start with the date); replies
 * that thread to earlier messages; a third with an HTML alternative (some with a remote image); about one in twelve
 * with attachments (PDF, PNG, CSV, ZIP; some with Korean file names, a few of several megabytes); most seen, some
 * flagged or answered.
 */
public final class MailboxSeeder {

    /** The mailbox holds mail from this instant on, three years of it. */
    static final Instant START = Instant.parse("2023-01-02T00:00:00Z");
    static final Duration SPAN = Duration.ofDays(3 * 365);

    private static final Charset EUC_KR = Charset.forName("EUC-KR");
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.US);
    private static final Base64.Encoder MIME_BASE64 = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII));

    /** How a seeding went: what was written, and how long writing and Dovecot's indexing took. */
    public record Result(int messages, long bytes, int withAttachments, Duration writing, Duration indexing) {

        public Duration total() {
            return writing.plus(indexing);
        }

        @Override
        public String toString() {
            return messages + " messages, " + bytes / (1024 * 1024) + " MiB (" + withAttachments
                    + " with attachments): written in " + writing.toMillis() + " ms, indexed in "
                    + indexing.toMillis() + " ms";
        }
    }

    /** One generated message: its bytes (LF line ends, as Maildir holds them), date, and Maildir flags. */
    public record Seeded(byte[] content, Instant date, String flags, boolean attachments) {
    }

    private record Sender(String name, String address, boolean korean) {
    }

    private static final List<Sender> SENDERS = List.of(
            new Sender("김민준", "minjun.kim@example.com", true),
            new Sender("이서연", "seoyeon.lee@example.com", true),
            new Sender("박지훈", "jihoon.park@example.net", true),
            new Sender("최수아", "sua.choi@example.org", true),
            new Sender("정도윤", "doyoon.jung@example.com", true),
            new Sender("강하은", "haeun.kang@example.net", true),
            new Sender("조예준", "yejun.cho@example.org", true),
            new Sender("윤지우", "jiwoo.yoon@example.com", true),
            new Sender("장서준", "seojun.jang@example.net", true),
            new Sender("임하린", "harin.lim@example.org", true),
            new Sender("한국전력 고객센터", "noreply@billing.example.com", true),
            new Sender("사내 공지", "notice@intranet.example.com", true),
            new Sender("온라인 쇼핑몰", "order@shop.example.net", true),
            new Sender("인사팀", "hr@example.com", true),
            new Sender("Alice Walker", "alice.walker@example.com", false),
            new Sender("Bob Martin", "bob@example.org", false),
            new Sender("Carol Danvers", "carol.d@example.net", false),
            new Sender("David O'Neil", "david.oneil@example.com", false),
            new Sender("Eve Thompson", "eve.t@example.org", false),
            new Sender("Frank Li", "frank.li@example.net", false),
            new Sender("Grace Hopper", "grace@example.com", false),
            new Sender("Heidi Schmidt", "heidi.schmidt@example.org", false),
            new Sender("Ivan Petrov", "ivan.petrov@example.net", false),
            new Sender("Judy Garcia", "judy.garcia@example.com", false),
            new Sender("Mallory Jones", "mallory@example.org", false),
            new Sender("Niaj Patel", "niaj.patel@example.net", false),
            new Sender("Olivia Brown", "olivia.brown@example.com", false),
            new Sender("Peggy Carter", "peggy@example.org", false),
            new Sender("", "noreply@ci.example.com", false),
            new Sender("Build Bot", "builds@ci.example.com", false),
            new Sender("The Newsletter Team", "news@letters.example.net", false),
            new Sender("Calendar", "calendar-noreply@example.com", false),
            new Sender("Security Alerts", "security@accounts.example.org", false),
            new Sender("Travel Desk", "travel@example.com", false),
            new Sender("Accounts Payable", "ap@vendor.example.net", false),
            new Sender("Sam Wilson", "sam.wilson@example.com", false),
            new Sender("Trent Reznor", "trent@example.org", false),
            new Sender("Victor Hugo", "victor.hugo@example.net", false),
            new Sender("Wendy Park", "wendy.park@example.com", false),
            new Sender("Yuki Tanaka", "yuki.tanaka@example.org", false));

    private static final List<String> ENGLISH_SUBJECTS = List.of(
            "Quarterly report for {month}", "Meeting notes: {project}", "Invoice #{n}",
            "Your order {n} has shipped", "Build failed on release/{n}", "Lunch on Friday?",
            "Weekly digest no. {n}", "[{project}] Pull request #{n}: {feature}", "Travel itinerary for {month}",
            "Reminder: {project} review tomorrow", "Security alert: new sign-in from {city}",
            "Slides for the {project} kick-off", "Can you take a look at {feature}?", "Out of office until {month}",
            "Budget draft v{n}", "Contract renewal for {project}", "Welcome to the {project} team",
            "Your password will expire soon", "Minutes of the {month} board meeting",
            "A very long subject line about {feature} in {project} that goes on well past the width of any list view "
                    + "so that clients have to fold the header and truncate what they show");

    private static final List<String> KOREAN_SUBJECTS = List.of(
            "{month} 분기 보고서", "회의록: {project}", "청구서 #{n} 안내", "주문하신 상품이 발송되었습니다 ({n})",
            "금요일 점심 같이 하실래요?", "주간 소식 {n}호", "{project} 일정 변경 안내", "[공지] 시스템 점검 안내 ({month})",
            "견적서 송부드립니다", "휴가 신청서 검토 부탁드립니다", "{city} 출장 일정 공유드립니다", "{feature} 기능 검토 요청",
            "[{project}] 배포 결과 보고", "비밀번호 변경 안내", "{month} 급여 명세서", "신규 입사자 안내: {project}팀",
            "계약 갱신 관련 문의드립니다", "회의실 예약 확인 ({n})", "설문 조사 참여 부탁드립니다",
            "{project} 프로젝트 진행 상황과 다음 분기 계획에 대한 자세한 보고 및 관련 부서 협조 요청 사항 정리");

    private static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December");
    private static final List<String> KOREAN_MONTHS = List.of("1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월",
            "9월", "10월", "11월", "12월");
    private static final List<String> PROJECTS = List.of("Postern", "Aurora", "Hangang", "Lighthouse", "Nimbus",
            "Seorak", "Tidewater", "Juniper");
    private static final List<String> FEATURES = List.of("IMAP IDLE", "attachment streaming", "the audit export",
            "two-factor login", "the FTP resume", "EUC-KR decoding", "the console toolbar", "drafts autosave");
    private static final List<String> CITIES = List.of("Seoul", "Busan", "Berlin", "Lisbon", "Toronto", "Osaka",
            "서울", "부산", "대전", "제주");

    private static final List<String> ENGLISH_SENTENCES = List.of(
            "Thanks for sending this over so quickly.", "I have attached the latest version for your review.",
            "Could we move the meeting to Thursday afternoon?", "The numbers look good, but the forecast needs work.",
            "Please let me know if anything is unclear.", "We shipped the fix to production this morning.",
            "The vendor has not answered our last two emails.", "I will be out of the office next week.",
            "Let's sync up after the stand-up tomorrow.", "The build is green again after the dependency update.",
            "Our customers in Seoul asked for better Korean support.", "Here is a summary of what we decided.",
            "The invoice is due at the end of the month.", "I think we should revisit the retention policy.",
            "Nothing is blocking us at the moment.", "See the thread below for context.");

    private static final List<String> KOREAN_SENTENCES = List.of(
            "빠르게 보내 주셔서 감사합니다.", "검토하실 수 있도록 최신 버전을 첨부합니다.", "회의를 목요일 오후로 옮길 수 있을까요?",
            "수치는 좋아 보이지만 전망은 보완이 필요합니다.", "궁금하신 점이 있으면 말씀해 주세요.",
            "오늘 아침 운영 환경에 수정 사항을 배포했습니다.", "업체에서 지난 두 번의 메일에 답이 없습니다.",
            "다음 주에는 사무실에 없습니다.", "내일 스탠드업 이후에 잠깐 이야기 나누시죠.", "의존성 업데이트 후 빌드가 다시 정상입니다.",
            "결정된 내용을 아래에 정리했습니다.", "청구서는 이달 말까지 납부하셔야 합니다.", "보존 정책을 다시 검토해야 할 것 같습니다.",
            "현재로서는 막힌 부분이 없습니다.", "자세한 내용은 아래 메일을 참고해 주세요.", "항상 도와주셔서 감사합니다.");

    private record AttachmentKind(String type, String extension, byte[] magic) {
    }

    private static final List<AttachmentKind> ATTACHMENT_KINDS = List.of(
            new AttachmentKind("application/pdf", "pdf", "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII)),
            new AttachmentKind("image/png", "png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}),
            new AttachmentKind("text/csv", "csv", new byte[0]),
            new AttachmentKind("application/zip", "zip", new byte[] {'P', 'K', 3, 4}));
    private static final List<String> ENGLISH_FILE_NAMES = List.of("report", "invoice", "slides", "photo",
            "minutes", "budget", "contract", "screenshot");
    private static final List<String> KOREAN_FILE_NAMES = List.of("보고서", "청구서", "발표자료", "사진", "회의록",
            "예산안", "계약서", "견적서");

    private final long seed;
    private final String recipient;

    /** A seeder whose messages are addressed to {@code recipient}. */
    public MailboxSeeder(long seed, String recipient) {
        this.seed = seed;
        this.recipient = recipient;
    }

    /**
     * Writes {@code count} messages into {@code maildir/cur} (creating the Maildir if needed), owned by
     * {@code uid}/{@code gid}, each file's modification time (Dovecot's INTERNALDATE) its message's date.
     */
    public Result writeMaildir(Path maildir, int count, int uid, int gid) {
        Instant started = Instant.now();
        try {
            for (String sub : List.of("", "cur", "new", "tmp")) {
                Path directory = Files.createDirectories(maildir.resolve(sub));
                Files.setAttribute(directory, "unix:uid", uid);
                Files.setAttribute(directory, "unix:gid", gid);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not make the Maildir " + maildir, e);
        }
        AtomicLong bytes = new AtomicLong();
        AtomicInteger withAttachments = new AtomicInteger();
        String unique = Long.toHexString(seed) + "." + ProcessHandle.current().pid();
        IntStream.range(0, count).parallel().forEach(index -> {
            Seeded message = message(index, count);
            byte[] content = message.content();
            long lineFeeds = 0;
            for (byte b : content) {
                if (b == '\n') {
                    lineFeeds++;
                }
            }
            // S= and W= let Dovecot know the size (and the size with CRLF line ends) without reading the file.
            String name = message.date().getEpochSecond() + ".M" + index + "P" + unique + ".seed,S=" + content.length
                    + ",W=" + (content.length + lineFeeds);
            try {
                Path temporary = maildir.resolve("tmp").resolve(name);
                Files.write(temporary, content);
                Files.setAttribute(temporary, "unix:uid", uid);
                Files.setAttribute(temporary, "unix:gid", gid);
                Files.setLastModifiedTime(temporary, FileTime.from(message.date()));
                Files.move(temporary, maildir.resolve("cur").resolve(name + ":2," + message.flags()),
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write message " + index + " into " + maildir, e);
            }
            bytes.addAndGet(content.length);
            if (message.attachments()) {
                withAttachments.incrementAndGet();
            }
        });
        return new Result(count, bytes.get(), withAttachments.get(), Duration.between(started, Instant.now()),
                Duration.ZERO);
    }

    /** The {@code index}-th (from 0) of {@code count} messages; the same for the same seed, index and count. */
    public Seeded message(int index, int count) {
        SplittableRandom random = random(index, 1);
        Instant date = date(index, count, random);
        boolean reply = index >= 10 && random.nextInt(100) < 25;
        int parent = reply ? index - 1 - random.nextInt(Math.min(index, 300)) : -1;
        boolean forward = !reply && random.nextInt(100) < 4;
        boolean korean = topicKorean(reply ? parent : index);
        Sender from = reply || forward ? pick(random, SENDERS) : topicSender(index);
        String subject = (reply ? "Re: " : forward ? "Fwd: " : "") + topicSubject(reply ? parent : index);
        Charset charset = korean && random.nextInt(100) < 15 ? EUC_KR : StandardCharsets.UTF_8;
        String offset = from.korean() ? "+09:00" : pick(random, List.of("+00:00", "-05:00", "+01:00", "-08:00"));

        StringBuilder headers = new StringBuilder();
        headers.append("Return-Path: <").append(from.address()).append(">\n");
        headers.append("Received: from mx.example.net (mx.example.net [192.0.2.25])\n\tby mail.postern.test with ESMTPS"
                + " id ").append(Long.toHexString(random.nextLong())).append("\n\tfor <").append(recipient)
                .append(">; ").append(RFC_5322.format(date.atOffset(ZoneOffset.UTC))).append('\n');
        headers.append("Message-ID: ").append(messageId(index)).append('\n');
        headers.append("Date: ").append(RFC_5322.format(date.atOffset(ZoneOffset.of(offset)))).append('\n');
        headers.append(fold("From: " + mailbox(from, charset))).append('\n');
        headers.append("To: ").append(recipient).append('\n');
        if (random.nextInt(100) < 15) {
            headers.append(fold("Cc: " + mailbox(pick(random, SENDERS), charset) + ", "
                    + mailbox(pick(random, SENDERS), charset))).append('\n');
        }
        headers.append(fold("Subject: " + encodeWord(subject, charset))).append('\n');
        if (reply) {
            headers.append("In-Reply-To: ").append(messageId(parent)).append('\n');
            headers.append("References: ").append(messageId(parent)).append('\n');
        }
        headers.append("MIME-Version: 1.0\n");

        String text = paragraphs(random, korean);
        boolean html = random.nextInt(100) < 33;
        int attachmentCount = random.nextInt(100) < 8 ? 1 + random.nextInt(random.nextInt(10) == 0 ? 3 : 1) : 0;

        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        write(out, headers.toString(), StandardCharsets.US_ASCII);
        String body = html ? alternative(random, text, charset, index) : null;
        if (attachmentCount == 0) {
            if (html) {
                write(out, body, StandardCharsets.US_ASCII);
            } else {
                writeTextPart(out, random, text, charset);
            }
        } else {
            String boundary = "=_mixed_" + Long.toHexString(seed) + "_" + index;
            write(out, "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\n\nThis is a multi-part message "
                    + "in MIME format.\n\n--" + boundary + "\n", StandardCharsets.US_ASCII);
            if (html) {
                write(out, body, StandardCharsets.US_ASCII);
            } else {
                writeTextPart(out, random, text, charset);
            }
            for (int a = 0; a < attachmentCount; a++) {
                write(out, "\n--" + boundary + "\n", StandardCharsets.US_ASCII);
                writeAttachment(out, random, korean);
            }
            write(out, "\n--" + boundary + "--\n", StandardCharsets.US_ASCII);
        }

        // Older mail has been read; the newest is mostly unread. Flags in Maildir order: F(lagged), R(eplied), S(een).
        boolean seen = index < count - Math.max(20, count / 50) ? random.nextInt(100) < 92 : random.nextInt(100) < 20;
        String flags = (random.nextInt(100) < 4 ? "F" : "") + (seen && random.nextInt(100) < 6 ? "R" : "")
                + (seen ? "S" : "");
        return new Seeded(out.toByteArray(), date, flags, attachmentCount > 0);
    }

    /** Dates rise with the index (so do UIDs), each in its own slot of the span, at a random moment within it. */
    private static Instant date(int index, int count, SplittableRandom random) {
        long slot = SPAN.toSeconds() / Math.max(count, 1);
        return START.plusSeconds(index * slot + (slot > 1 ? random.nextLong(slot) : 0));
    }

    private String messageId(int index) {
        return "<" + index + "." + Long.toHexString(seed) + "@seed.postern.test>";
    }

    // A thread's topic (language, subject, first sender) depends only on the index of the message that started it,
    // so a reply can name its parent's subject without generating the parent.
    private boolean topicKorean(int index) {
        return random(index, 2).nextInt(100) < 40;
    }

    private Sender topicSender(int index) {
        SplittableRandom random = random(index, 3);
        boolean korean = topicKorean(index);
        List<Sender> candidates = SENDERS.stream().filter(sender -> sender.korean() == korean).toList();
        return pick(random, candidates);
    }

    private String topicSubject(int index) {
        SplittableRandom random = random(index, 4);
        boolean korean = topicKorean(index);
        String template = pick(random, korean ? KOREAN_SUBJECTS : ENGLISH_SUBJECTS);
        return template.replace("{month}", pick(random, korean ? KOREAN_MONTHS : MONTHS))
                .replace("{project}", pick(random, PROJECTS))
                .replace("{feature}", pick(random, FEATURES))
                .replace("{city}", pick(random, CITIES))
                .replace("{n}", Integer.toString(1000 + random.nextInt(99000)));
    }

    private SplittableRandom random(int index, int stream) {
        // SplittableRandom's own mixing spreads neighbouring seeds well; the constants keep the streams apart.
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + stream);
    }

    private static String paragraphs(SplittableRandom random, boolean korean) {
        List<String> sentences = korean ? KOREAN_SENTENCES : ENGLISH_SENTENCES;
        int paragraphs = random.nextInt(100) < 10 ? 20 + random.nextInt(60) : 1 + random.nextInt(6);
        StringBuilder text = new StringBuilder();
        text.append(korean ? "안녕하세요,\n\n" : "Hi,\n\n");
        for (int p = 0; p < paragraphs; p++) {
            int count = 2 + random.nextInt(5);
            StringBuilder line = new StringBuilder();
            for (int s = 0; s < count; s++) {
                String sentence = pick(random, sentences);
                if (line.length() + sentence.length() > 72) {
                    text.append(line).append('\n');
                    line.setLength(0);
                } else if (!line.isEmpty()) {
                    line.append(' ');
                }
                line.append(sentence);
            }
            text.append(line).append("\n\n");
        }
        text.append(korean ? "감사합니다.\n" : "Best regards,\n");
        return text.toString();
    }

    private static void writeTextPart(ByteArrayOutputStream out, SplittableRandom random, String text,
            Charset charset) {
        charset = usable(charset, text);
        if (isAscii(text)) {
            write(out, "Content-Type: text/plain; charset=us-ascii; format=flowed\nContent-Transfer-Encoding: 7bit\n\n"
                    + text, StandardCharsets.US_ASCII);
        } else if (charset == EUC_KR || random.nextBoolean()) {
            write(out, "Content-Type: text/plain; charset=" + charset.name() + "\nContent-Transfer-Encoding: base64\n\n",
                    StandardCharsets.US_ASCII);
            write(out, MIME_BASE64.encodeToString(text.getBytes(charset)) + "\n", StandardCharsets.US_ASCII);
        } else {
            write(out, "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n",
                    StandardCharsets.US_ASCII);
            write(out, text, StandardCharsets.UTF_8);
        }
    }

    /** A multipart/alternative part (headers and body) of the text and its HTML form, all in ASCII. */
    private String alternative(SplittableRandom random, String text, Charset charset, int index) {
        String boundary = "=_alt_" + Long.toHexString(seed) + "_" + index;
        charset = usable(charset, text);
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"")
                .append(charset.name()).append("\"></head><body>\n");
        if (random.nextInt(100) < 30) {
            html.append("<p><img src=\"https://images.example.com/newsletter/").append(index)
                    .append(".png\" alt=\"logo\" width=\"120\"></p>\n");
        }
        for (String paragraph : text.split("\n\n")) {
            html.append("<p>").append(paragraph.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>\n"))
                    .append("</p>\n");
        }
        html.append("<p><a href=\"https://www.example.com/unsubscribe\">Unsubscribe</a></p>\n</body></html>\n");
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        write(part, "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\n\n--" + boundary + "\n",
                StandardCharsets.US_ASCII);
        writeTextPart(part, random, text, charset);
        write(part, "\n--" + boundary + "\nContent-Type: text/html; charset=" + charset.name()
                + "\nContent-Transfer-Encoding: base64\n\n", StandardCharsets.US_ASCII);
        write(part, MIME_BASE64.encodeToString(html.toString().getBytes(charset)) + "\n--" + boundary + "--\n",
                StandardCharsets.US_ASCII);
        return part.toString(StandardCharsets.US_ASCII);
    }

    private static void writeAttachment(ByteArrayOutputStream out, SplittableRandom random, boolean korean) {
        AttachmentKind kind = pick(random, ATTACHMENT_KINDS);
        String base = pick(random, korean && random.nextBoolean() ? KOREAN_FILE_NAMES : ENGLISH_FILE_NAMES);
        String fileName = base + "_" + (1 + random.nextInt(40)) + "." + kind.extension();
        // Mostly 5 KiB to 200 KiB, spread evenly on a log scale; one in a hundred of 1 to 3 MiB.
        int size = random.nextInt(100) == 0 ? (1 << 20) + random.nextInt(2 << 20)
                : (int) Math.round(5 * 1024 * Math.pow(40, random.nextDouble()));
        byte[] content;
        if (kind.extension().equals("csv")) {
            StringBuilder csv = new StringBuilder("date,account,amount,memo\n");
            while (csv.length() < size) {
                csv.append("2024-").append(1 + random.nextInt(12)).append('-').append(1 + random.nextInt(28))
                        .append(',').append(10000 + random.nextInt(90000)).append(',')
                        .append(random.nextInt(1_000_000) / 100.0).append(",\"").append(pick(random, FEATURES))
                        .append("\"\n");
            }
            content = csv.toString().getBytes(StandardCharsets.UTF_8);
        } else {
            content = new byte[size];
            random.nextBytes(content);
            System.arraycopy(kind.magic(), 0, content, 0, kind.magic().length);
        }
        String encodedName = isAscii(fileName) ? "\"" + fileName + "\""
                : "\"" + encodeWord(fileName, StandardCharsets.UTF_8) + "\"";
        StringBuilder headers = new StringBuilder("Content-Type: ").append(kind.type()).append(";\n\tname=")
                .append(encodedName).append("\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment;\n\t");
        if (isAscii(fileName)) {
            headers.append("filename=").append(encodedName);
        } else {
            // RFC 2231, as standards-minded clients write it; the encoded-word name above is what others write.
            headers.append("filename*=UTF-8''").append(percentEncode(fileName));
        }
        headers.append("\n\n");
        write(out, headers.toString(), StandardCharsets.US_ASCII);
        write(out, MIME_BASE64.encodeToString(content) + "\n", StandardCharsets.US_ASCII);
    }

    private static String mailbox(Sender sender, Charset charset) {
        if (sender.name().isEmpty()) {
            return sender.address();
        }
        String name = isAscii(sender.name())
                ? "\"" + sender.name().replace("\"", "") + "\"" : encodeWord(sender.name(), charset);
        return name + " <" + sender.address() + ">";
    }

    /**
     * RFC 2047 B-encoding of text that is not plain ASCII, in encoded words short enough for folded header lines
     * (split between characters, never inside one). ASCII text is left as it is.
     */
    static String encodeWord(String text, Charset charset) {
        if (isAscii(text)) {
            return text;
        }
        charset = usable(charset, text);
        List<String> words = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int[] codePoints = text.codePoints().toArray();
        for (int codePoint : codePoints) {
            chunk.appendCodePoint(codePoint);
            if (chunk.toString().getBytes(charset).length >= 39) {
                words.add(word(chunk.toString(), charset));
                chunk.setLength(0);
            }
        }
        if (!chunk.isEmpty()) {
            words.add(word(chunk.toString(), charset));
        }
        return String.join(" ", words);
    }

    /** The charset if it can encode the text (EUC-KR lacks some Hangul syllables), else UTF-8. */
    private static Charset usable(Charset charset, String text) {
        return charset == StandardCharsets.UTF_8 || charset.newEncoder().canEncode(text) ? charset
                : StandardCharsets.UTF_8;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String word(String text, Charset charset) {
        return "=?" + charset.name() + "?B?" + Base64.getEncoder().encodeToString(text.getBytes(charset)) + "?=";
    }

    /** Folds a header line at spaces so that no line passes 78 characters where a space allows it. */
    static String fold(String header) {
        StringBuilder folded = new StringBuilder();
        int lineStart = 0;
        for (String token : header.split(" ")) {
            if (folded.length() > 0) {
                if (folded.length() - lineStart + 1 + token.length() > 78) {
                    folded.append("\n");
                    lineStart = folded.length();
                }
                folded.append(' ');
            }
            folded.append(token);
        }
        return folded.toString();
    }

    private static String percentEncode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return encoded.toString();
    }

    private static void write(ByteArrayOutputStream out, String text, Charset charset) {
        out.writeBytes(text.getBytes(charset));
    }

    private static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
