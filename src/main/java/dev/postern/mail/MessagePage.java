package dev.postern.mail;

import java.util.List;

/**
 * One page of a folder's messages (or of a search's results).
 *
 * @param page the page shown, from 0
 * @param total how many messages the folder (or the search) has in all
 */
public record MessagePage(String folder, List<MessageSummary> messages, int page, int pageSize, int total,
                          MessageSort sort, boolean ascending) {

    public MessagePage {
        messages = List.copyOf(messages);
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
