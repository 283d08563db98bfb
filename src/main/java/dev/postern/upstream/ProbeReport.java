package dev.postern.upstream;

import java.util.List;

/** The outcome of a connection test: one step per server tried. */
public record ProbeReport(List<ProbeStep> steps) {

    public ProbeReport {
        steps = List.copyOf(steps);
    }

    /** OK when every step is, else the first failure. */
    public UpstreamStatus status() {
        return steps.stream().map(ProbeStep::status).filter(s -> !s.ok()).findFirst().orElse(UpstreamStatus.OK);
    }

    public boolean ok() {
        return status().ok();
    }
}
