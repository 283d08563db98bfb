package dev.postern.mail.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.ENVELOPE;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;

/**
 * Groups a folder's messages into conversations, as sets of sequence numbers: by the server's
 * {@code THREAD REFERENCES} (RFC 5256) where it has it, otherwise by Message-ID, In-Reply-To and References headers of
 * the newest messages, and by subject for replies whose references are missing.
 */
final class Threads {

    private static final Pattern REPLY_PREFIX = Pattern.compile(
            "^\\s*((re|fw|fwd|aw|sv|vs|답장|회신|전달)\\s*(\\[\\d+])?\\s*:\\s*)+", Pattern.CASE_INSENSITIVE);
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    private Threads() {
    }

    static List<int[]> fromServer(IMAPFolder folder) throws MessagingException {
        Response[] responses = (Response[]) folder.doCommand(p -> {
            Response[] r = p.command("THREAD REFERENCES UTF-8 ALL", null);
            p.handleResult(r[r.length - 1]);
            return r;
        });
        for (Response response : responses) {
            if (response instanceof IMAPResponse untagged && untagged.keyEquals("THREAD")) {
                return parse(untagged.getRest());
            }
        }
        return new ArrayList<>();
    }

    /** Each top-level parenthesised group of a THREAD answer is one conversation, whatever its inner shape. */
    static List<int[]> parse(String threadResponse) {
        List<int[]> threads = new ArrayList<>();
        int depth = 0;
        List<Integer> current = new ArrayList<>();
        StringBuilder number = new StringBuilder();
        for (int i = 0; i < threadResponse.length(); i++) {
            char c = threadResponse.charAt(i);
            if (Character.isDigit(c)) {
                number.append(c);
                continue;
            }
            if (!number.isEmpty()) {
                current.add(Integer.parseInt(number.toString()));
                number.setLength(0);
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0 && !current.isEmpty()) {
                    threads.add(current.stream().mapToInt(Integer::intValue).toArray());
                    current = new ArrayList<>();
                }
            }
        }
        return threads;
    }

    static List<int[]> fromHeaders(IMAPFolder folder, int total, int scanLimit) throws MessagingException {
        if (total == 0) {
            return new ArrayList<>();
        }
        int from = Math.max(1, total - scanLimit + 1);
        Response[] responses = (Response[]) folder.doCommand(p -> {
            Response[] r = p.fetch(from, total, "ENVELOPE BODY.PEEK[HEADER.FIELDS (REFERENCES)]");
            p.handleResult(r[r.length - 1]);
            return r;
        });
        Map<Integer, Node> nodes = new LinkedHashMap<>();
        for (Response response : responses) {
            if (response instanceof FetchResponse fetch && fetch.getItem(ENVELOPE.class) != null) {
                ENVELOPE envelope = fetch.getItem(ENVELOPE.class);
                var references = fetch.getItem(org.eclipse.angus.mail.imap.protocol.BODY.class);
                String referencesHeader = references == null ? "" : new String(
                        references.getByteArray().getNewBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                nodes.put(fetch.getNumber(), new Node(fetch.getNumber(), envelope.messageId, envelope.inReplyTo,
                        ids(referencesHeader), MailText.decodeHeader(envelope.subject)));
            }
        }
        return group(new ArrayList<>(nodes.values()));
    }

    /** A message as far as threading cares. */
    record Node(int seq, String messageId, String inReplyTo, List<String> references, String subject) {
    }

    static List<int[]> group(List<Node> nodes) {
        int[] parent = new int[nodes.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        Map<String, Integer> byId = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).messageId() != null) {
                byId.putIfAbsent(nodes.get(i).messageId().strip(), i);
            }
        }
        Map<String, Integer> bySubject = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            boolean linked = false;
            List<String> ancestors = new ArrayList<>(node.references());
            if (node.inReplyTo() != null) {
                ancestors.addAll(ids(node.inReplyTo()));
            }
            for (String ancestor : ancestors) {
                Integer other = byId.get(ancestor);
                if (other != null) {
                    union(parent, i, other);
                    linked = true;
                }
            }
            String subject = baseSubject(node.subject());
            boolean reply = !subject.equals(node.subject() == null ? "" : node.subject().strip().toLowerCase(Locale.ROOT));
            Integer first = bySubject.get(subject);
            if (first == null) {
                bySubject.put(subject, i);
            } else if (!linked && reply && !subject.isEmpty()) {
                // A reply whose references got lost (some clients drop them) joins the thread of its subject.
                union(parent, i, first);
            }
        }
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(nodes.get(i).seq());
        }
        List<int[]> threads = new ArrayList<>();
        for (List<Integer> group : groups.values()) {
            threads.add(group.stream().mapToInt(Integer::intValue).toArray());
        }
        return threads;
    }

    static String baseSubject(String subject) {
        if (subject == null) {
            return "";
        }
        String s = subject.strip();
        Matcher prefix = REPLY_PREFIX.matcher(s);
        if (prefix.find()) {
            s = s.substring(prefix.end());
        }
        return s.strip().toLowerCase(Locale.ROOT);
    }

    private static List<String> ids(String header) {
        List<String> ids = new ArrayList<>();
        Matcher m = MESSAGE_ID.matcher(header == null ? "" : header);
        while (m.find()) {
            ids.add(m.group());
        }
        return ids;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
