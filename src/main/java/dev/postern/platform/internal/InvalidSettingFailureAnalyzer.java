package dev.postern.platform.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.postern.platform.InvalidSetting;

/** Turns {@link InvalidSetting} into the short start-up report that names the setting to fix. */
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSetting> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSetting cause) {
        return new FailureAnalysis("Postern cannot start: the setting " + cause.setting() + " is invalid: "
                + cause.problem(), "Fix " + cause.setting() + " (see the configuration table in README.md) and start again.",
                cause);
    }
}
