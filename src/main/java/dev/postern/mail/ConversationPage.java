package dev.postern.mail;

import java.util.List;

/** One page of a folder's conversations, the one with the newest message first. */
public record ConversationPage(String folder, List<Conversation> conversations, int page, int pageSize, int total) {

    public ConversationPage {
        conversations = List.copyOf(conversations);
    }

    public int pages() {
        return Math.max(1, (total + pageSize - 1) / pageSize);
    }

    public boolean hasNext() {
        return page + 1 < pages();
    }

    public boolean hasPrevious() {
        return page > 0;
    }
}
