package dev.postern.mail;

import java.util.List;

/**
 * A thread of messages that answer one another, oldest first.
 */
public record Conversation(List<MessageSummary> messages) {

    public Conversation {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a conversation has at least one message");
        }
    }

    public MessageSummary latest() {
        return messages.getLast();
    }

    public MessageSummary first() {
        return messages.getFirst();
    }

    public long unread() {
        return messages.stream().filter(m -> !m.flags().seen()).count();
    }

    public List<String> participants() {
        return messages.stream().map(MessageSummary::sender).filter(s -> !s.isBlank()).distinct().toList();
    }
}
