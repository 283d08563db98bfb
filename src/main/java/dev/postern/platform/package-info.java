/**
 * The shared kernel: where Postern keeps its state (the data directory and the PostgreSQL database, external when
 * {@code POSTERN_DB_URL} is set, otherwise embedded) and the few types every module uses to refuse bad input or
 * bad settings.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform")
package dev.postern.platform;
