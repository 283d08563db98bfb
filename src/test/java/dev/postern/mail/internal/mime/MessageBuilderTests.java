package dev.postern.mail.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import dev.postern.mail.AttachmentInfo;
import dev.postern.mail.Draft;
import dev.postern.mail.DraftAttachment;
import dev.postern.mail.MailAddress;
import dev.postern.mail.MessageContent;

class MessageBuilderTests {

    /** A plain session: the builder must not depend on any mail.mime.* setting. */
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final MailAddress HONG = new MailAddress("홍길동", "hong@example.kr");
    private static final String FILENAME = "분기 보고서 2026.pdf";
    private static final byte[] PDF = "%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);

    private static Draft draft(String subject, String text, String html, List<DraftAttachment> attachments) {
        return new Draft(HONG, List.of(new MailAddress("김철수 팀장", "kim@example.kr"), new MailAddress("", "lee@example.kr")),
                List.of(new MailAddress("박, 영희 \"PM\"", "park@example.kr")), List.of(new MailAddress("감사", "audit@example.kr")),
                subject, text, html, attachments, "<orig-1@example.org>",
                List.of("<root-0@example.org>", "<orig-1@example.org>"));
    }

    private static DraftAttachment pdf() {
        return new DraftAttachment(FILENAME, "application/pdf", PDF.length, () -> new ByteArrayInputStream(PDF));
    }

    private static byte[] written(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void roundTripKeepsKoreanSubjectNamesFileNameAndBodies() throws Exception {
        String text = "안녕하세요.\n\n분기 보고서를 첨부합니다.\n똠방각하 드림";
        String html = "<p>안녕하세요.</p><p>분기 보고서를 첨부합니다.<br>똠방각하 드림</p>";
        MimeMessage built = MessageBuilder.build(SESSION, draft("2026년 1분기 보고서 — 검토 요청", text, html,
                List.of(pdf())), "example.kr");

        MimeMessage parsed = Fixtures.parse(written(built));
        MessageContent read = MessageReader.read(parsed, 100_000);

        assertThat(read.headers().subject()).isEqualTo("2026년 1분기 보고서 — 검토 요청");
        assertThat(read.headers().from()).containsExactly(HONG);
        assertThat(read.headers().to()).containsExactly(new MailAddress("김철수 팀장", "kim@example.kr"),
                new MailAddress("", "lee@example.kr"));
        assertThat(read.headers().cc()).containsExactly(new MailAddress("박, 영희 \"PM\"", "park@example.kr"));
        assertThat(read.headers().messageId()).isEqualTo(built.getMessageID()).endsWith("@example.kr>");
        assertThat(read.headers().inReplyTo()).isEqualTo("<orig-1@example.org>");
        assertThat(read.headers().references()).containsExactly("<root-0@example.org>", "<orig-1@example.org>");
        assertThat(read.headers().date()).isNotNull();
        assertThat(read.text()).isEqualTo(text);
        assertThat(read.html()).isEqualTo(html);
        assertThat(read.attachments()).singleElement().satisfies(file -> {
            assertThat(file.filename()).isEqualTo(FILENAME);
            assertThat(file.contentType()).isEqualTo("application/pdf");
            assertThat(file.partId()).isEqualTo("2");
        });
        try (InputStream in = MessageReader.open(MessageReader.findPart(parsed, "2"))) {
            assertThat(in.readAllBytes()).isEqualTo(PDF);
        }
        // Bcc stays in the message for the Sent copy (Angus's SMTP transport does not send it)
        assertThat(parsed.getHeader("Bcc", null)).contains("audit@example.kr");
        assertThat(parsed.getHeader("User-Agent", null)).isEqualTo("Postern");
    }

    @Test
    void writesPureAsciiHeadersWithUtf8EncodedWordsAndAnRfc2231FileName() throws Exception {
        byte[] bytes = written(MessageBuilder.build(SESSION, draft("2026년 1분기 보고서 — 검토 요청 "
                + "아주 긴 제목이 여러 줄로 접혀야 합니다 아주 긴 제목이 여러 줄로 접혀야 합니다", "본문", null, List.of(pdf())),
                "example.kr"));

        List<String> headerLines = headerLines(bytes);
        assertThat(headerLines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.chars()).as(line).allMatch(c -> c >= 0x20 && c < 0x7F || c == '\t');
            assertThat(line.length()).as(line).isLessThanOrEqualTo(78);
        });
        String headers = String.join("\r\n", headerLines);
        Matcher word = Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=").matcher(headers);
        int words = 0;
        while (word.find()) {
            words++;
            assertThat(word.group(1)).isEqualToIgnoringCase("UTF-8");
            byte[] decoded = word.group(2).equalsIgnoreCase("B") ? Base64.getDecoder().decode(word.group(3))
                    : qDecode(word.group(3));
            assertThat(strictUtf8(decoded)).isNotNull();
        }
        assertThat(words).isGreaterThan(5);

        String disposition = unfold(headers).lines().filter(line -> line.startsWith("Content-Disposition: attachment"))
                .findFirst().orElseThrow();
        TreeMap<Integer, String> segments = new TreeMap<>();
        Matcher segment = Pattern.compile("filename\\*(?:(\\d+)\\*)?=([^;]+)").matcher(disposition);
        while (segment.find()) {
            segments.put(segment.group(1) == null ? 0 : Integer.parseInt(segment.group(1)), segment.group(2).strip());
        }
        String joined = String.join("", segments.values());
        assertThat(joined).startsWith("UTF-8''");
        assertThat(URLDecoder.decode(joined.substring(7).replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(FILENAME);
        assertThat(disposition).contains("filename=\"=?UTF-8?");
    }

    @Test
    void continuesLongFileNamesInPiecesThatAngusJoinsToo() throws Exception {
        String name = "2026년 1분기 매출 및 영업이익 분석 보고서 (최종 검토본, 대외비).xlsx";
        MimeMessage built = MessageBuilder.build(SESSION, draft("s", "t", null, List.of(new DraftAttachment(name,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 3,
                () -> new ByteArrayInputStream(new byte[3])))), "example.kr");
        byte[] bytes = written(built);

        assertThat(new String(bytes, StandardCharsets.US_ASCII)).contains("filename*0*=UTF-8''", "filename*2*=");
        MimeMessage parsed = Fixtures.parse(bytes);
        assertThat(MessageReader.read(parsed, 10).attachments()).extracting(AttachmentInfo::filename).containsExactly(name);
        // Angus's own RFC 2231 decoding, independent of ours
        jakarta.mail.Multipart parts = (jakarta.mail.Multipart) parsed.getContent();
        assertThat(new jakarta.mail.internet.ContentDisposition(parts.getBodyPart(1).getHeader("Content-Disposition")[0])
                .getParameter("filename")).isEqualTo(name);
    }

    @Test
    void bodyShapesFollowTheDraft() throws Exception {
        MimeMessage textOnly = MessageBuilder.build(SESSION, draft("s", "only text", null, List.of()), "example.kr");
        assertThat(textOnly.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");

        MimeMessage withHtml = MessageBuilder.build(SESSION, draft("s", "text", "<b>html</b>", List.of()), "example.kr");
        assertThat(withHtml.getContentType()).startsWith("multipart/alternative");

        MimeMessage htmlOnly = MessageBuilder.build(SESSION,
                draft("s", "", "<p>First<br>second <a href=\"https://example.kr/x\">link</a></p><p>third</p>", List.of()),
                "example.kr");
        MessageContent read = MessageReader.read(Fixtures.parse(written(htmlOnly)), 1000);
        assertThat(read.text()).isEqualTo("First\nsecond link <https://example.kr/x>\n\nthird");

        MimeMessage withFile = MessageBuilder.build(SESSION, draft("s", "text", "<b>x</b>", List.of(pdf())), "example.kr");
        assertThat(withFile.getContentType()).startsWith("multipart/mixed");
        assertThat(MessageReader.read(Fixtures.parse(written(withFile)), 100).attachments())
                .extracting(AttachmentInfo::partId).containsExactly("2");
    }

    @Test
    void keepsEveryLineWithin998Characters() throws Exception {
        String longAscii = "x".repeat(5000);
        String longKorean = "가".repeat(3000);
        byte[] bytes = written(MessageBuilder.build(SESSION,
                draft("y".repeat(2000), longAscii + "\n" + longKorean, null, List.of()), "example.kr"));

        assertThat(new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n")).allSatisfy(line ->
                assertThat(line.length()).isLessThanOrEqualTo(998));
        MessageContent read = MessageReader.read(Fixtures.parse(bytes), 100_000);
        assertThat(read.text()).isEqualTo(longAscii + "\n" + longKorean);
        assertThat(read.headers().subject()).isEqualTo("y".repeat(2000));
    }

    @Test
    void givesEachMessageAFreshIdThatSavingKeeps() throws Exception {
        MimeMessage first = MessageBuilder.build(SESSION, draft("s", "t", null, List.of()), "mail.example.kr");
        MimeMessage second = MessageBuilder.build(SESSION, draft("s", "t", null, List.of()), "mail.example.kr");
        String id = first.getMessageID();

        assertThat(id).matches("<[0-9a-z]+\\.[0-9a-f]{32}@mail\\.example\\.kr>");
        assertThat(second.getMessageID()).isNotEqualTo(id);
        first.saveChanges();
        assertThat(Fixtures.parse(written(first)).getMessageID()).isEqualTo(id);
        assertThat(MessageBuilder.build(SESSION, draft("s", "t", null, List.of()), "한국.kr").getMessageID())
                .endsWith("@xn--3e0b707e.kr>");
    }

    @Test
    void dropsMalformedReferencesAndKeepsTheFirstAndTheLatestOfALongChain() throws Exception {
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            references.add("<ref-" + i + "@example.org>");
        }
        references.add("not an id");
        Draft draft = new Draft(HONG, List.of(HONG), List.of(), List.of(), "s", "t", null, List.of(), "bare@example.org",
                references);

        MimeMessage parsed = Fixtures.parse(written(MessageBuilder.build(SESSION, draft, "example.kr")));

        assertThat(parsed.getHeader("In-Reply-To", null)).isEqualTo("<bare@example.org>");
        List<String> sent = MessageReader.read(parsed, 10).headers().references();
        assertThat(sent).hasSize(20).startsWith("<ref-0@example.org>", "<ref-11@example.org>")
                .endsWith("<ref-29@example.org>");
    }

    @Test
    void refusesLineBreaksAndNulInAnyHeaderValueAndBuildsNothing() {
        AtomicInteger opened = new AtomicInteger();
        DraftAttachment counted = new DraftAttachment("a.pdf", "application/pdf", 1, () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(new byte[1]);
        });
        MailAddress ok = new MailAddress("Kim", "kim@example.kr");
        List<Function<Draft, Draft>> attacks = List.of(
                d -> withSubject(d, "Hello\r\nBcc: spy@evil.example"),
                d -> new Draft(new MailAddress("Hong\nX-Evil: 1", "hong@example.kr"), d.to(), d.cc(), d.bcc(), d.subject(),
                        d.text(), d.html(), d.attachments(), d.inReplyTo(), d.references()),
                d -> new Draft(d.from(), List.of(ok, new MailAddress("", "kim@example.kr\r\nBcc: spy@evil.example")),
                        d.cc(), d.bcc(), d.subject(), d.text(), d.html(), d.attachments(), d.inReplyTo(), d.references()),
                d -> new Draft(d.from(), d.to(), List.of(new MailAddress("Park\0", "park@example.kr")), d.bcc(),
                        d.subject(), d.text(), d.html(), d.attachments(), d.inReplyTo(), d.references()),
                d -> new Draft(d.from(), d.to(), d.cc(), d.bcc(), d.subject(), d.text(), d.html(), d.attachments(),
                        "<a@b>\r\nX-Evil: 1", d.references()),
                d -> new Draft(d.from(), d.to(), d.cc(), d.bcc(), d.subject(), d.text(), d.html(), d.attachments(),
                        d.inReplyTo(), List.of("<a@b>\n")),
                d -> new Draft(d.from(), d.to(), d.cc(), d.bcc(), d.subject(), d.text(), d.html(),
                        List.of(counted, new DraftAttachment("x.pdf\r\nContent-Type: text/html", "application/pdf", 1,
                                counted.source())), d.inReplyTo(), d.references()));
        List<String> fields = List.of("subject", "from.name", "to[1].address", "cc[0].name", "in-reply-to",
                "references[0]", "attachments[1].filename");

        for (int i = 0; i < attacks.size(); i++) {
            Draft bad = attacks.get(i).apply(draft("s", "t", null, List.of(counted)));
            String field = fields.get(i);
            assertThatThrownBy(() -> MessageBuilder.build(SESSION, bad, "example.kr")).as(field)
                    .isInstanceOfSatisfying(HeaderInjection.class, thrown -> assertThat(thrown.field()).isEqualTo(field))
                    .hasMessageNotContaining("evil");
        }
        assertThatThrownBy(() -> MessageBuilder.build(SESSION, draft("s", "t", null, List.of()), "example.kr\r\nX: y"))
                .isInstanceOf(HeaderInjection.class);
        assertThat(opened).hasValue(0);
    }

    @Test
    void refusesAnAddressThatIsNoAddress() {
        Draft bad = new Draft(HONG, List.of(new MailAddress("Kim", "kim at example.kr")), List.of(), List.of(), "s", "t",
                null, List.of(), null, List.of());

        assertThatThrownBy(() -> MessageBuilder.build(SESSION, bad, "example.kr"))
                .isInstanceOfSatisfying(MalformedAddress.class, thrown -> {
                    assertThat(thrown.text()).isEqualTo("kim at example.kr");
                    assertThat(thrown.reason()).startsWith("to[0]: ");
                });
    }

    @Test
    void opensAttachmentsOnlyWhenWrittenAndCopiesThemInPieces() throws Exception {
        long size = 64L * 1024 * 1024;
        CountingSource source = new CountingSource(size);
        MimeMessage message = MessageBuilder.build(SESSION, draft("big", "see attached", null,
                List.of(new DraftAttachment("data.bin", "application/octet-stream", size, source))), "example.kr");
        message.saveChanges();
        assertThat(source.opened).hasValue(0);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        CountingOutputStream out = new CountingOutputStream();
        message.writeTo(out);
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

        assertThat(source.opened).hasValue(1);
        assertThat(source.read).hasValue(size);
        assertThat(source.largestRead).hasValueLessThanOrEqualTo(64 * 1024);
        assertThat(out.count).isGreaterThan(size * 4 / 3);
        // writing 64 MiB must not cost anywhere near 64 MiB of heap: the bytes pass through fixed buffers
        assertThat(allocated).as("bytes allocated while writing").isLessThan(16L * 1024 * 1024);
    }

    private static Draft withSubject(Draft d, String subject) {
        return new Draft(d.from(), d.to(), d.cc(), d.bcc(), subject, d.text(), d.html(), d.attachments(), d.inReplyTo(),
                d.references());
    }

    private static List<String> headerLines(byte[] message) {
        // the headers of the message and of every part: the lines from a part's start to its first empty line
        List<String> lines = new ArrayList<>();
        boolean inHeader = true;
        for (String line : new String(message, StandardCharsets.ISO_8859_1).split("\r\n", -1)) {
            if (line.startsWith("--")) {
                inHeader = true;
                continue;
            }
            if (line.isEmpty()) {
                inHeader = false;
            } else if (inHeader) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String unfold(String headers) {
        return headers.replaceAll("\r\n[ \t]+", " ");
    }

    private static byte[] qDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=') {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Generates bytes without holding them, and counts what is read and how. */
    private static final class CountingSource implements DraftAttachment.Source {

        final AtomicInteger opened = new AtomicInteger();
        final AtomicLong read = new AtomicLong();
        final AtomicInteger largestRead = new AtomicInteger();
        private final long size;

        CountingSource(long size) {
            this.size = size;
        }

        @Override
        public InputStream open() {
            opened.incrementAndGet();
            return new InputStream() {
                private long position;

                @Override
                public int read() {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    largestRead.accumulateAndGet(length, Math::max);
                    if (position >= size) {
                        return -1;
                    }
                    int n = (int) Math.min(length, size - position);
                    for (int i = 0; i < n; i++) {
                        buffer[offset + i] = (byte) (position + i);
                    }
                    position += n;
                    read.addAndGet(n);
                    return n;
                }
            };
        }
    }

    private static final class CountingOutputStream extends OutputStream {

        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            count += length;
        }
    }
}
