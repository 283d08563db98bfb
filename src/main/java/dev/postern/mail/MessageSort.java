package dev.postern.mail;

/** How a message list is ordered. ARRIVAL, newest first, needs nothing from the server; the others use SORT. */
public enum MessageSort {
    ARRIVAL,
    DATE,
    FROM,
    SUBJECT,
    SIZE
}
