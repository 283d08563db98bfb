package dev.postern.testing.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailboxSeederTests {

    private static final int COUNT = 1500;

    private final MailboxSeeder seeder = new MailboxSeeder(42, "bench@postern.test");

    @Test
    void sameSeedGivesTheSameMessagesAndAnotherSeedOthers() {
        MailboxSeeder again = new MailboxSeeder(42, "bench@postern.test");
        MailboxSeeder other = new MailboxSeeder(43, "bench@postern.test");

        for (int index : new int[] {0, 1, 17, 999, COUNT - 1}) {
            assertThat(again.message(index, COUNT).content()).isEqualTo(seeder.message(index, COUNT).content());
            assertThat(other.message(index, COUNT).content()).isNotEqualTo(seeder.message(index, COUNT).content());
        }
    }

    @Test
    void messagesParseAndVaryAsARealInboxDoes() throws Exception {
        int korean = 0;
        int withAttachments = 0;
        int html = 0;
        int eucKr = 0;
        int unseen = 0;
        Set<String> senders = new HashSet<>();
        Set<String> messageIds = new HashSet<>();
        Date previous = new Date(0);

        for (int index = 0; index < COUNT; index++) {
            MailboxSeeder.Seeded seeded = seeder.message(index, COUNT);
            MimeMessage message = MailClients.parse(seeded.content());
            String subject = message.getSubject();

            assertThat(subject).as("subject of %d", index).isNotBlank().doesNotContain("\uFFFD", "=?");
            assertThat(message.getSentDate()).as("date of %d", index).isAfterOrEqualTo(previous);
            previous = message.getSentDate();
            assertThat(message.getSentDate().toInstant()).isEqualTo(seeded.date());
            assertThat(message.getAllRecipients()[0].toString()).isEqualTo("bench@postern.test");
            String inReplyTo = message.getHeader("In-Reply-To", null);
            if (inReplyTo != null) {
                assertThat(messageIds).as("a reply's parent comes before it").contains(inReplyTo);
            }
            messageIds.add(message.getMessageID());
            senders.add(message.getFrom()[0].toString());
            List<Part> leaves = leaves(message);
            for (Part leaf : leaves) {
                Object content = leaf.getContent();
                if (leaf.isMimeType("text/plain") || leaf.isMimeType("text/html")) {
                    assertThat((String) content).doesNotContain("\uFFFD");
                }
                if (Part.ATTACHMENT.equalsIgnoreCase(leaf.getDisposition())) {
                    assertThat(leaf.getFileName()).isNotBlank().doesNotContain("=?");
                }
            }
            korean += subject.codePoints().anyMatch(c -> Character.UnicodeScript.of(c)
                    == Character.UnicodeScript.HANGUL) ? 1 : 0;
            withAttachments += seeded.attachments() ? 1 : 0;
            html += leaves.stream().anyMatch(leaf -> isMimeType(leaf, "text/html")) ? 1 : 0;
            eucKr += new String(seeded.content(), StandardCharsets.ISO_8859_1).contains("EUC-KR") ? 1 : 0;
            unseen += seeded.flags().contains("S") ? 0 : 1;
        }

        assertThat(messageIds).hasSize(COUNT);
        assertThat(korean).isBetween(COUNT * 30 / 100, COUNT * 50 / 100);
        assertThat(withAttachments).isBetween(COUNT * 4 / 100, COUNT * 13 / 100);
        assertThat(html).isBetween(COUNT * 25 / 100, COUNT * 42 / 100);
        assertThat(eucKr).isPositive();
        assertThat(unseen).isPositive();
        assertThat(senders).hasSizeGreaterThan(30);
    }

    @Test
    void writesMaildirFilesNamedWithTheirSizesAndDatedByTheirMessages(@TempDir Path maildir) throws IOException {
        int uid = (Integer) Files.getAttribute(maildir, "unix:uid");
        int gid = (Integer) Files.getAttribute(maildir, "unix:gid");

        MailboxSeeder.Result result = seeder.writeMaildir(maildir, 200, uid, gid);

        assertThat(result.messages()).isEqualTo(200);
        assertThat(maildir.resolve("new")).isEmptyDirectory();
        assertThat(maildir.resolve("tmp")).isEmptyDirectory();
        Pattern name = Pattern.compile("(\\d+)\\.M(\\d+)P[^,]+,S=(\\d+),W=(\\d+):2,(F?R?S?)");
        long total = 0;
        List<Path> files;
        try (Stream<Path> list = Files.list(maildir.resolve("cur"))) {
            files = new ArrayList<>(list.toList());
        }
        assertThat(files).hasSize(200);
        for (Path file : files) {
            Matcher parts = name.matcher(file.getFileName().toString());
            assertThat(parts.matches()).as(file.getFileName().toString()).isTrue();
            byte[] content = Files.readAllBytes(file);
            long lineFeeds = new String(content, StandardCharsets.ISO_8859_1).chars().filter(c -> c == '\n').count();
            assertThat(Long.parseLong(parts.group(3))).isEqualTo(content.length);
            assertThat(Long.parseLong(parts.group(4))).isEqualTo(content.length + lineFeeds);
            MailboxSeeder.Seeded seeded = seeder.message(Integer.parseInt(parts.group(2)), 200);
            assertThat(content).isEqualTo(seeded.content());
            assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(seeded.date());
            assertThat(Long.parseLong(parts.group(1))).isEqualTo(seeded.date().getEpochSecond());
            assertThat(parts.group(5)).isEqualTo(seeded.flags());
            total += content.length;
        }
        assertThat(result.bytes()).isEqualTo(total);
    }

    @Test
    void encodedWordsSplitBetweenCharactersAndFoldedLinesStayShort() throws Exception {
        String subject = "프로젝트 진행 상황과 다음 분기 계획에 대한 자세한 보고 및 관련 부서 협조 요청 사항 정리";
        String encoded = MailboxSeeder.encodeWord(subject, StandardCharsets.UTF_8);
        String folded = MailboxSeeder.fold("Subject: " + encoded);

        assertThat(folded.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        assertThat(jakarta.mail.internet.MimeUtility.decodeText(encoded)).isEqualTo(subject);
        assertThat(MailboxSeeder.encodeWord("Plain ASCII", StandardCharsets.UTF_8)).isEqualTo("Plain ASCII");
    }

    private static boolean isMimeType(Part part, String type) {
        try {
            return part.isMimeType(type);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Part> leaves(Part part) throws Exception {
        List<Part> leaves = new ArrayList<>();
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                leaves.addAll(leaves(child));
            }
        } else {
            leaves.add(part);
        }
        return leaves;
    }
}
