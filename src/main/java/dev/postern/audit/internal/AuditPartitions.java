package dev.postern.audit.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps monthly partitions of {@code audit_event} ready ahead of time, so that rows never pile up in the default
 * partition. Old months can be archived with {@code ALTER TABLE audit_event DETACH PARTITION}.
 */
@Component
class AuditPartitions {

    private final AuditRepository repository;

    AuditPartitions(AuditRepository repository) {
        this.repository = repository;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(cron = "0 17 3 * * *", zone = "UTC")
    void prepareComingMonths() {
        ZonedDateTime now = Instant.now().atZone(ZoneOffset.UTC);
        for (int month = 0; month <= 2; month++) {
            repository.ensurePartition(now.plusMonths(month).toInstant());
        }
    }
}
