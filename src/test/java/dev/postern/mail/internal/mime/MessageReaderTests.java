package dev.postern.mail.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.junit.jupiter.api.Test;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import dev.postern.mail.AttachmentInfo;
import dev.postern.mail.MailAddress;
import dev.postern.mail.MessageContent;

class MessageReaderTests {

    private static MessageContent read(String fixture) throws MessagingException {
        return MessageReader.read(Fixtures.message(fixture), 100_000);
    }

    @Test
    void readsOutlookKoreanMailLabelledKsc5601AsCp949() throws Exception {
        MessageContent mail = read("outlook-korean.eml");

        assertThat(mail.headers().subject()).isEqualTo("[공지] 똠방각하 회의 자료 송부");
        assertThat(mail.headers().from()).containsExactly(new MailAddress("김똠방", "ddom@example.co.kr"));
        assertThat(mail.headers().to()).containsExactly(new MailAddress("홍길동", "hong@example.kr"),
                new MailAddress("", "lee@example.kr"));
        assertThat(mail.headers().cc()).containsExactly(new MailAddress("박 팀장", "park@example.kr"));
        assertThat(mail.headers().date()).isEqualTo(Instant.parse("2024-03-05T01:15:22Z"));
        assertThat(mail.headers().messageId()).isEqualTo("<000001da6e9c$5f1e2b40$1d5a81c0$@example.co.kr>");
        assertThat(mail.text()).isEqualTo("안녕하세요, 홍길동 님.\n\n똠방각하 회의 자료를 보내드립니다.\n첨부 파일을 확인해 주세요.\n\n김똠방 드림\n");
        assertThat(mail.html()).contains("<p>똠방각하 회의 자료를 보내드립니다.<br>").doesNotContain("\uFFFD");
        assertThat(mail.truncated()).isFalse();
        // the file name is two encoded words inside quotes, split in the middle of a character
        assertThat(mail.attachments()).singleElement().satisfies(file -> {
            assertThat(file.partId()).isEqualTo("2");
            assertThat(file.filename()).isEqualTo("똠방 회의자료(최종) 햏.xlsx");
            assertThat(file.contentType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            assertThat(file.size()).isPositive();
            assertThat(file.inline()).isFalse();
        });
        assertThat(mail.inlineParts()).isEmpty();
    }

    @Test
    void readsGmailRelatedAlternativeWithItsCidImageAsInlinePart() throws Exception {
        MessageContent mail = read("gmail-related.eml");

        assertThat(mail.headers().subject()).isEqualTo("사진 보내드립니다 📷");
        assertThat(mail.headers().from()).containsExactly(new MailAddress("이영희", "younghee@gmail.com"));
        assertThat(mail.text()).startsWith("사진 보내드립니다.\n\n[image: image.png]");
        assertThat(mail.html()).contains("src=\"cid:ii_lt5k2x0a0\"");
        assertThat(mail.attachments()).isEmpty();
        assertThat(mail.inlineParts()).singleElement().satisfies(image -> {
            assertThat(image.partId()).isEqualTo("2");
            assertThat(image.filename()).isEqualTo("image.png");
            assertThat(image.contentType()).isEqualTo("image/png");
            assertThat(image.inline()).isTrue();
            assertThat(image.contentId()).isEqualTo("ii_lt5k2x0a0");
        });
    }

    @Test
    void readsThunderbirdRfc2231ContinuedUtf8FileNameAndThreadHeaders() throws Exception {
        MessageContent mail = read("thunderbird-rfc2231.eml");

        assertThat(mail.headers().subject()).isEqualTo("Re: 2026년 분기 보고서");
        assertThat(mail.headers().to()).containsExactly(new MailAddress("홍길동", "hong@example.kr"));
        assertThat(mail.headers().replyTo()).containsExactly(new MailAddress("Planning Team", "team@example.org"));
        assertThat(mail.headers().inReplyTo()).isEqualTo("<prev-4711@example.org>");
        assertThat(mail.headers().references()).containsExactly("<root-1@example.org>", "<prev-4711@example.org>");
        // format=flowed is left as it is: its soft line breaks (a space before the break) stay
        assertThat(mail.text()).startsWith("안녕하세요.\n분기 보고서를 보냅니다. \n");
        assertThat(mail.html()).isNull();
        assertThat(mail.attachments()).extracting(AttachmentInfo::partId, AttachmentInfo::filename,
                AttachmentInfo::contentType).containsExactly(org.assertj.core.groups.Tuple.tuple("2",
                "분기 보고서 2026 최종.pdf", "application/pdf"));
    }

    @Test
    void listsAnAttachedMessageUnderItsSubjectWithoutReadingIt() throws Exception {
        MessageContent mail = read("forward-rfc822.eml");

        assertThat(mail.text()).isEqualTo("Forwarding the request below.\n");
        assertThat(mail.attachments()).singleElement().satisfies(message -> {
            assertThat(message.partId()).isEqualTo("2");
            assertThat(message.filename()).isEqualTo("견적서 요청.eml");
            assertThat(message.contentType()).isEqualTo("message/rfc822");
        });
    }

    @Test
    void readsRawEightBitEucKrHeadersAndFileNames() throws Exception {
        MessageContent mail = read("raw-8bit-euckr.eml");

        assertThat(mail.headers().subject()).isEqualTo("회의록 송부합니다");
        assertThat(mail.headers().from()).containsExactly(new MailAddress("홍길동", "hong@example.kr"));
        assertThat(mail.headers().to()).containsExactly(new MailAddress("김철수", "kim@example.kr"));
        assertThat(mail.headers().date()).isEqualTo(Instant.parse("2024-03-07T23:30:00Z"));
        assertThat(mail.text()).isEqualTo("회의록을 첨부합니다.\n확인 부탁드립니다.\n");
        assertThat(mail.attachments()).extracting(AttachmentInfo::filename, AttachmentInfo::contentType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("회의록.hwp", "application/x-hwp"));
    }

    @Test
    void showsAMessageCutOffBeforeItsClosingBoundaryWithANote() throws Exception {
        MessageContent mail = read("broken-no-end-boundary.eml");

        assertThat(mail.text()).startsWith("The report is attached.\n").endsWith(MessageReader.NOTE_INCOMPLETE);
        assertThat(mail.attachments()).extracting(AttachmentInfo::filename).containsExactly("report.pdf");
    }

    @Test
    void showsAMultipartWithoutBoundaryAsText() throws Exception {
        MessageContent mail = read("broken-no-boundary.eml");

        assertThat(mail.text()).startsWith("Hello, this text was sent as a multipart without any boundary.\n안녕하세요\n")
                .endsWith(MessageReader.NOTE_UNSTRUCTURED);
        assertThat(mail.attachments()).isEmpty();
    }

    @Test
    void showsWhatDamagedBase64HoldsWithANote() throws Exception {
        MessageContent mail = read("broken-base64.eml");

        assertThat(mail.text()).startsWith("첫 줄은 멀쩡합니다.\n").contains("둘째 줄")
                .endsWith(MessageReader.NOTE_DAMAGED);
    }

    @Test
    void readsSinglePartHtmlInTheCharsetOfItsMetaTag() throws Exception {
        MessageContent mail = read("single-html.eml");

        assertThat(mail.text()).isNull();
        assertThat(mail.html()).contains("<h1>3월 소식</h1><p>새 기능을 소개합니다.</p>");
        assertThat(mail.attachments()).isEmpty();
        assertThat(MessageReader.findPart(Fixtures.message("single-html.eml"), "1")).isInstanceOf(MimeMessage.class);
    }

    @Test
    void listsATextPartWithAFileNameAsAnAttachment() throws Exception {
        MessageContent mail = read("text-attachment.eml");

        assertThat(mail.text()).isEqualTo("See the notes attached.\n");
        assertThat(mail.attachments()).singleElement().satisfies(notes -> {
            assertThat(notes.partId()).isEqualTo("2");
            assertThat(notes.filename()).isEqualTo("notes.txt");
            assertThat(notes.contentType()).isEqualTo("text/plain");
        });
    }

    @Test
    void joinsAppleMailsHtmlPiecesAndListsTheirImage() throws Exception {
        MessageContent mail = read("apple-nested.eml");

        assertThat(mail.text()).isEqualTo("Here are the photos.\n\nThanks, Jane\n");
        assertThat(mail.html()).isEqualTo("<html><head></head><body>Here are the photos.<br></body></html>\n"
                + "<html><head></head><body><br>Thanks, Jane</body></html>");
        assertThat(mail.attachments()).extracting(AttachmentInfo::partId, AttachmentInfo::filename)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1.2.2", "IMG_0001.jpg"),
                        org.assertj.core.groups.Tuple.tuple("2", "itinerary.pdf"));
    }

    @Test
    void cutsBodiesAtTheLimitAndSaysSo() throws Exception {
        MessageContent mail = MessageReader.read(Fixtures.message("outlook-korean.eml"), 10);

        assertThat(mail.text()).isEqualTo("안녕하세요, 홍길동");
        assertThat(mail.html()).hasSize(10);
        assertThat(mail.truncated()).isTrue();
    }

    @Test
    void findsPartsByTheirImapSectionNumbers() throws Exception {
        MimeMessage outlook = Fixtures.message("outlook-korean.eml");

        assertThat(MessageReader.findPart(outlook, "1.2").getContentType()).startsWith("text/html");
        try (InputStream xlsx = MessageReader.open(MessageReader.findPart(outlook, "2"))) {
            assertThat(xlsx.readAllBytes()).startsWith('P', 'K', 3, 4).hasSize(44);
        }
        MimeMessage forward = Fixtures.message("forward-rfc822.eml");
        try (InputStream eml = MessageReader.open(MessageReader.findPart(forward, "2"))) {
            assertThat(new String(eml.readAllBytes(), StandardCharsets.US_ASCII)).startsWith("From: Park <park@example.com>");
        }
        // the parts of an attached message continue its number
        Part innerText = MessageReader.findPart(forward, "2.1");
        try (InputStream in = MessageReader.open(innerText)) {
            assertThat(new String(in.readAllBytes(), MimeCharsets.CP949)).isEqualTo("견적서를 요청드립니다.\n");
        }
    }

    @Test
    void refusesPartIdsThatNameNoPart() throws Exception {
        MimeMessage outlook = Fixtures.message("outlook-korean.eml");

        for (String missing : new String[] {"3", "0", "1.3", "2.1", "1.1.1", "abc", "", "1..2", "-1"}) {
            assertThatThrownBy(() -> MessageReader.findPart(outlook, missing)).as(missing)
                    .isInstanceOf(PartNotFound.class).hasMessageContaining("no part");
        }
        assertThatThrownBy(() -> MessageReader.findPart(Fixtures.message("single-html.eml"), "2"))
                .isInstanceOf(PartNotFound.class);
    }

    @Test
    void prefersTheLastAlternativeOfEachKindAndListsACalendarAlternative() throws Exception {
        MessageContent mail = MessageReader.read(Fixtures.parse("""
                Subject: Invitation
                Content-Type: multipart/alternative; boundary=b

                --b
                Content-Type: text/plain; charset=utf-8

                plain one
                --b
                Content-Type: text/html; charset=utf-8

                <p>html one</p>
                --b
                Content-Type: text/plain; charset=utf-8

                plain two
                --b
                Content-Type: text/calendar; method=REQUEST; charset=utf-8

                BEGIN:VCALENDAR
                END:VCALENDAR
                --b--
                """), 1000);

        assertThat(mail.text()).isEqualTo("plain two");
        assertThat(mail.html()).isEqualTo("<p>html one</p>");
        assertThat(mail.attachments()).extracting(AttachmentInfo::partId, AttachmentInfo::filename,
                AttachmentInfo::contentType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("4", "attachment-4.ics", "text/calendar"));
    }

    @Test
    void appendsAMailingListFooterAndTreatsUnknownSubtypesAsMixed() throws Exception {
        MessageContent mail = MessageReader.read(Fixtures.parse("""
                Subject: List post
                Content-Type: multipart/x-unknown; boundary=b

                --b
                Content-Type: text/plain; charset=utf-8

                The post.
                --b
                Content-Type: image/gif

                R0lGODlhAQABAAAAACw=
                --b
                Content-Type: text/plain; charset=us-ascii
                Content-Disposition: inline

                --\s
                To unsubscribe, write to list-leave@example.org
                --b--
                """), 1000);

        assertThat(mail.text()).isEqualTo("The post.\n\n-- \nTo unsubscribe, write to list-leave@example.org");
        assertThat(mail.attachments()).extracting(AttachmentInfo::filename).containsExactly("image-2.gif");
    }

    @Test
    void listsAPartThatTheHtmlRefersToByContentIdAsInlineEvenOutsideRelated() throws Exception {
        MessageContent mail = MessageReader.read(Fixtures.parse("""
                Subject: Logo
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/html; charset=utf-8

                <p><img src="CID:Logo-1@x"></p>
                --b
                Content-Type: image/png
                Content-ID: <logo-1@x>

                iVBORw0KGgo=
                --b
                Content-Type: image/png
                Content-ID: <unused@x>

                iVBORw0KGgo=
                --b--
                """), 1000);

        assertThat(mail.inlineParts()).extracting(AttachmentInfo::partId, AttachmentInfo::contentId, AttachmentInfo::inline)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2", "logo-1@x", true));
        assertThat(mail.attachments()).extracting(AttachmentInfo::partId, AttachmentInfo::filename)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("3", "image-3.png"));
    }

    @Test
    void detectsTheCharsetOfUnlabelledText() throws Exception {
        byte[] utf8 = ("Subject: x\r\nContent-Type: text/plain\r\n\r\n" + "한글 본문").getBytes(StandardCharsets.UTF_8);
        assertThat(MessageReader.read(Fixtures.parse(utf8), 100).text()).isEqualTo("한글 본문");

        byte[] head = "Subject: x\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] cp949 = "똠방 본문".getBytes(MimeCharsets.CP949);
        byte[] both = new byte[head.length + cp949.length];
        System.arraycopy(head, 0, both, 0, head.length);
        System.arraycopy(cp949, 0, both, head.length, cp949.length);
        assertThat(MessageReader.read(Fixtures.parse(both), 100).text()).isEqualTo("똠방 본문");

        // labelled UTF-8 but written in EUC-KR by a confused client
        byte[] labelled = "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] wrong = new byte[labelled.length + cp949.length];
        System.arraycopy(labelled, 0, wrong, 0, labelled.length);
        System.arraycopy(cp949, 0, wrong, labelled.length, cp949.length);
        assertThat(MessageReader.read(Fixtures.parse(wrong), 100).text()).isEqualTo("똠방 본문");
    }

    @Test
    void keepsMalformedAddressesInsteadOfThrowing() throws Exception {
        MessageContent mail = MessageReader.read(Fixtures.parse("""
                From: "Unclosed <broken@example.com
                To: a@example.com, , <b@example.com>, undisclosed-recipients:;
                Cc: =?UTF-8?B?7ZmN?= <<weird@@example.com>>
                Reply-To: team: one@example.com, two@example.com;
                Subject: addresses

                body
                """), 100);

        assertThat(mail.headers().from()).hasSize(1).allSatisfy(from ->
                assertThat(from.toString()).contains("broken@example.com"));
        assertThat(mail.headers().to()).extracting(MailAddress::address)
                .containsExactly("a@example.com", "b@example.com");
        assertThat(mail.headers().cc()).isNotEmpty();
        assertThat(mail.headers().replyTo()).extracting(MailAddress::address)
                .containsExactly("one@example.com", "two@example.com");
    }

    @Test
    void takesTheDateFromTheHeaderElseTheServerElseTheFirstReceivedHeaderElseNone() throws Exception {
        assertThat(MessageReader.read(Fixtures.parse("Date: Tue, 5 Mar 2024 10:15:22 KST\n\nx"), 10).headers().date())
                .isEqualTo(Instant.parse("2024-03-05T01:15:22Z"));
        assertThat(MessageReader.read(Fixtures.parse("Date: 2024-03-05 10:15:22 +0900\n\nx"), 10).headers().date())
                .isEqualTo(Instant.parse("2024-03-05T01:15:22Z"));

        Instant internal = Instant.parse("2024-01-02T03:04:05Z");
        MimeMessage withInternalDate = new MimeMessage(Fixtures.parse("Date: not a date\n\nx")) {
            @Override
            public Date getReceivedDate() {
                return Date.from(internal);
            }
        };
        assertThat(MessageReader.read(withInternalDate, 10).headers().date()).isEqualTo(internal);

        assertThat(MessageReader.read(Fixtures.parse("""
                Received: from b by c; Wed, 6 Mar 2024 09:00:01 +0000
                Received: from a by b; Wed, 6 Mar 2024 08:59:00 +0000

                x"""), 10).headers().date()).isEqualTo(Instant.parse("2024-03-06T09:00:01Z"));
        assertThat(MessageReader.read(Fixtures.parse("Subject: undated\n\nx"), 10).headers().date()).isNull();
    }

    @Test
    void readsTheFlagsPagesShow() throws Exception {
        MimeMessage message = Fixtures.message("text-attachment.eml");
        message.setFlags(new Flags(Flags.Flag.SEEN), true);
        message.setFlag(Flags.Flag.ANSWERED, true);

        assertThat(MessageReader.flags(message)).isEqualTo(new dev.postern.mail.MessageFlags(true, false, true, false));
    }

    @Test
    void namesPartsWithoutAFileNameFromTheirType() throws Exception {
        String png = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
        MessageContent mail = MessageReader.read(Fixtures.parse("""
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: application/pdf

                x
                --b
                Content-Type: image/png
                Content-Transfer-Encoding: base64

                %s
                --b
                Content-Type: message/rfc822

                From: a@b.c

                no subject here
                --b
                Content-Type: weird

                ?
                --b--
                """.formatted(png)), 100);

        assertThat(mail.attachments()).extracting(AttachmentInfo::filename)
                .containsExactly("attachment-1.pdf", "image-2.png", "message-3.eml", "attachment-4.bin");
        assertThat(mail.attachments().get(3).contentType()).isEqualTo("application/octet-stream");
    }
}
