package io.shakedown.cli;

import java.util.List;

/** The forms a secret value takes on the way out, shared by the secrets tests of both front doors. */
public final class SecretsNeverLeakCliTestForms {
    private SecretsNeverLeakCliTestForms() {}

    public static List<String> forms(String value) {
        return SecretsNeverLeakCliTest.forms(value);
    }
}
