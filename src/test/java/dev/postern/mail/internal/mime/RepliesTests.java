package dev.postern.mail.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import dev.postern.mail.AttachmentInfo;
import dev.postern.mail.Draft;
import dev.postern.mail.DraftAttachment;
import dev.postern.mail.MailAddress;
import dev.postern.mail.MessageContent;
import dev.postern.mail.MessageHeaders;

class RepliesTests {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final ReplyWording ENGLISH = ReplyWording.english(SEOUL);
    private static final ReplyWording KOREAN = new ReplyWording("{0}, {1} 님이 작성:", "날짜 모름",
            "---------- 전달된 메시지 ----------", "보낸사람", "날짜", "제목", "받는사람", "참조",
            DateTimeFormatter.ofPattern("yyyy년 M월 d일 (E) a h:mm", Locale.KOREAN).withZone(SEOUL));

    private static final MailAddress ME = new MailAddress("홍길동", "hong@example.kr");
    private static final MailAddress KIM = new MailAddress("김철수", "kim@example.kr");
    private static final MailAddress LEE = new MailAddress("이영희", "lee@example.kr");
    private static final MailAddress PARK = new MailAddress("박 팀장", "park@example.kr");
    private static final MailAddress LIST = new MailAddress("Team", "team@example.kr");
    private static final Instant SENT = Instant.parse("2024-03-05T01:15:22Z");

    private static MessageContent message(List<MailAddress> from, List<MailAddress> to, List<MailAddress> cc,
                                          List<MailAddress> replyTo, String text, String html) {
        return new MessageContent(new MessageHeaders("회의 자료", from, to, cc, replyTo, SENT, "<orig@example.kr>",
                "<parent@example.kr>", List.of("<root@example.kr>", "<parent@example.kr>")), text, html, false,
                List.of(), List.of());
    }

    @Test
    void replyGoesToReplyToWhenPresentElseToTheSender() {
        MessageContent plain = message(List.of(KIM), List.of(ME), List.of(), List.of(), "hi", null);
        MessageContent listed = message(List.of(KIM), List.of(ME), List.of(), List.of(LIST), "hi", null);

        assertThat(Replies.reply(plain, ME, ENGLISH).to()).containsExactly(KIM);
        assertThat(Replies.reply(listed, ME, ENGLISH).to()).containsExactly(LIST);
        assertThat(Replies.reply(plain, ME, ENGLISH).cc()).isEmpty();
        assertThat(Replies.reply(plain, ME, ENGLISH).from()).isEqualTo(ME);
    }

    @Test
    void replyAllAddsEveryoneButTheUserAndNobodyTwice() {
        MailAddress meShouting = new MailAddress("Hong", "HONG@Example.KR");
        MessageContent original = message(List.of(KIM), List.of(meShouting, LEE, new MailAddress("", "KIM@example.kr")),
                List.of(PARK, new MailAddress("Lee again", "Lee@Example.kr"), ME), List.of(), "hi", null);

        Draft draft = Replies.replyAll(original, ME, ENGLISH);

        assertThat(draft.to()).containsExactly(KIM, LEE);
        assertThat(draft.cc()).containsExactly(PARK);
        assertThat(draft.bcc()).isEmpty();
    }

    @Test
    void replyingToOnesOwnMessageGoesToItsRecipients() {
        MessageContent sent = message(List.of(ME), List.of(KIM, LEE), List.of(PARK), List.of(), "hi", null);

        assertThat(Replies.reply(sent, ME, ENGLISH).to()).containsExactly(KIM, LEE);
        Draft all = Replies.replyAll(sent, ME, ENGLISH);
        assertThat(all.to()).containsExactly(KIM, LEE);
        assertThat(all.cc()).containsExactly(PARK);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            보고서               | Re: 보고서
            Re: 보고서           | Re: 보고서
            RE: Re: re:보고서    | Re: 보고서
            Re[2]: Fwd: 보고서   | Re: 보고서
            답장: 회신: 보고서    | Re: 보고서
            AW: WG: Bericht     | Re: Bericht
            Re： 全角             | Re: 全角
            [list] Re: topic    | Re: [list] Re: topic
            Reply needed        | Re: Reply needed
            ''                  | 'Re: '
            """)
    void replySubjectsDoNotPileUp(String original, String reply) {
        assertThat(Replies.replySubject(original)).isEqualTo(reply);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            보고서            | Fwd: 보고서
            Fwd: 보고서       | Fwd: 보고서
            FW: Fwd: 보고서   | Fwd: 보고서
            전달: 보고서      | Fwd: 보고서
            Re: 보고서        | Fwd: Re: 보고서
            """)
    void forwardSubjectsDoNotPileUpButKeepTheThread(String original, String forward) {
        assertThat(Replies.forwardSubject(original)).isEqualTo(forward);
    }

    @Test
    void quotesTheOriginalUnderALocalisedAttribution() {
        MessageContent original = message(List.of(KIM), List.of(ME), List.of(), List.of(),
                "안녕하세요.\n\n> 이전 글\n자료 보냅니다.\n", null);

        Draft english = Replies.reply(original, ME, ENGLISH);
        Draft korean = Replies.reply(original, ME, KOREAN);

        assertThat(english.subject()).isEqualTo("Re: 회의 자료");
        assertThat(english.text()).isEqualTo("""


                On Tue, Mar 5, 2024 at 10:15 AM, 김철수 <kim@example.kr> wrote:
                > 안녕하세요.
                >
                >> 이전 글
                > 자료 보냅니다.
                """);
        assertThat(korean.text()).startsWith("\n\n2024년 3월 5일 (화) 오전 10:15, 김철수 <kim@example.kr> 님이 작성:\n> 안녕하세요.\n");
        assertThat(english.html()).isNull();
    }

    @Test
    void quotesAnHtmlOnlyOriginalAsTextWithItsLineBreaksAndLinks() {
        MessageContent original = message(List.of(KIM), List.of(ME), List.of(), List.of(), null, """
                <html><head><style>p { color: red }</style><script>alert(1)</script></head><body>
                <div>첫 줄<br>둘째   줄</div><p>문단 <a href="https://example.kr/doc?id=1">문서</a>
                와 <a href="mailto:kim@example.kr">kim@example.kr</a></p>
                <ul><li>하나</li><li>둘</li></ul><blockquote>인용</blockquote>
                </body></html>""");

        assertThat(Replies.reply(original, ME, ENGLISH).text()).endsWith("""
                wrote:
                > 첫 줄
                > 둘째 줄
                >
                > 문단 문서 <https://example.kr/doc?id=1> 와 kim@example.kr
                >
                > - 하나
                > - 둘
                >
                > 인용
                """);
    }

    @Test
    void answersInTheThreadWithAReferencesChainThatKeepsItsStart() {
        MessageContent original = message(List.of(KIM), List.of(ME), List.of(), List.of(), "hi", null);
        Draft reply = Replies.reply(original, ME, ENGLISH);

        assertThat(reply.inReplyTo()).isEqualTo("<orig@example.kr>");
        assertThat(reply.references()).containsExactly("<root@example.kr>", "<parent@example.kr>", "<orig@example.kr>");

        List<String> longChain = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            longChain.add("<m" + i + "@example.kr>");
        }
        MessageContent deep = new MessageContent(new MessageHeaders("s", List.of(KIM), List.of(ME), List.of(), List.of(),
                SENT, "<last@example.kr>", "<m24@example.kr>", longChain), "hi", null, false, List.of(), List.of());
        assertThat(Replies.reply(deep, ME, ENGLISH).references()).hasSize(20)
                .startsWith("<m0@example.kr>", "<m7@example.kr>").endsWith("<m24@example.kr>", "<last@example.kr>");

        MessageContent firstAnswer = new MessageContent(new MessageHeaders("s", List.of(KIM), List.of(ME), List.of(),
                List.of(), null, "<b@example.kr>", "<a@example.kr>", List.of()), "hi", null, false, List.of(), List.of());
        Draft answer = Replies.reply(firstAnswer, ME, ENGLISH);
        assertThat(answer.references()).containsExactly("<a@example.kr>", "<b@example.kr>");
        assertThat(answer.text()).contains("On an unknown date, 김철수 <kim@example.kr> wrote:");
    }

    @Test
    void forwardShowsTheOriginalHeadersAndBringsItsAttachmentsFromTheRightParts() throws Exception {
        MessageContent original = new MessageContent(new MessageHeaders("회의 자료", List.of(KIM), List.of(ME, LEE),
                List.of(PARK), List.of(), SENT, "<orig@example.kr>", null, List.of()), "자료 보냅니다.\n", "<p>자료</p>",
                false, List.of(new AttachmentInfo("2", "회의록.hwp", "application/x-hwp", 1000, false, null)),
                List.of(new AttachmentInfo("1.2", "logo.png", "image/png", 300, true, "logo@x")));
        List<String> opened = new ArrayList<>();
        Replies.PartSource parts = partId -> {
            opened.add(partId);
            return new ByteArrayInputStream(("part " + partId).getBytes(StandardCharsets.UTF_8));
        };

        Draft forward = Replies.forward(original, ME, KOREAN, parts);

        assertThat(forward.subject()).isEqualTo("Fwd: 회의 자료");
        assertThat(forward.to()).isEmpty();
        assertThat(forward.inReplyTo()).isNull();
        assertThat(forward.text()).isEqualTo("""


                ---------- 전달된 메시지 ----------
                보낸사람: 김철수 <kim@example.kr>
                날짜: 2024년 3월 5일 (화) 오전 10:15
                제목: 회의 자료
                받는사람: 홍길동 <hong@example.kr>, 이영희 <lee@example.kr>
                참조: 박 팀장 <park@example.kr>

                자료 보냅니다.

                """);
        assertThat(forward.attachments()).extracting(DraftAttachment::filename, DraftAttachment::contentType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("회의록.hwp", "application/x-hwp"),
                        org.assertj.core.groups.Tuple.tuple("logo.png", "image/png"));
        assertThat(opened).isEmpty();
        try (InputStream in = forward.attachments().get(1).source().open()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("part 1.2");
        }
        try (InputStream in = forward.attachments().get(0).source().open()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("part 2");
        }
        assertThat(opened).containsExactly("1.2", "2");
    }

    @Test
    void aReplyToARealMessageBuildsAndReadsBackInItsThread() throws Exception {
        MimeMessage received = Fixtures.message("thunderbird-rfc2231.eml");
        MessageContent original = MessageReader.read(received, 100_000);

        Draft reply = Replies.replyAll(original, ME, ENGLISH);
        MimeMessage built = MessageBuilder.build(Session.getInstance(new Properties()), reply, "example.kr");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        built.writeTo(bytes);
        MessageContent readBack = MessageReader.read(Fixtures.parse(bytes.toByteArray()), 100_000);

        assertThat(readBack.headers().subject()).isEqualTo("Re: 2026년 분기 보고서");
        assertThat(readBack.headers().to()).containsExactly(new MailAddress("Planning Team", "team@example.org"));
        assertThat(readBack.headers().inReplyTo()).isEqualTo("<5f1c2d3e-aa11-4b7e-9d1e-0123456789ab@example.org>");
        assertThat(readBack.headers().references()).containsExactly("<root-1@example.org>", "<prev-4711@example.org>",
                "<5f1c2d3e-aa11-4b7e-9d1e-0123456789ab@example.org>");
        assertThat(readBack.text()).contains("Kim Minsu <minsu@example.org> wrote:\n> 안녕하세요.\n");

        // forwarding it brings the PDF along from part 2 of the original
        Draft forward = Replies.forward(original, ME, ENGLISH, MessageReader.parts(received));
        MimeMessage sent = MessageBuilder.build(Session.getInstance(new Properties()),
                new Draft(ME, List.of(KIM), List.of(), List.of(), forward.subject(), forward.text(), null,
                        forward.attachments(), null, List.of()), "example.kr");
        ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
        sent.writeTo(forwarded);
        MimeMessage parsed = Fixtures.parse(forwarded.toByteArray());
        assertThat(MessageReader.read(parsed, 100).attachments()).extracting(AttachmentInfo::filename)
                .containsExactly("분기 보고서 2026 최종.pdf");
        try (InputStream pdf = MessageReader.open(MessageReader.findPart(parsed, "2"))) {
            assertThat(new String(pdf.readAllBytes(), StandardCharsets.US_ASCII)).startsWith("%PDF-1.4");
        }
    }
}
