package io.shakedown.service;

import io.shakedown.spec.SpecParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The parser is a plain class shared with the command line; the service uses one instance. */
@ApplicationScoped
public class SpecParserProducer {

    @Produces
    @Singleton
    SpecParser parser() {
        return new SpecParser();
    }
}
