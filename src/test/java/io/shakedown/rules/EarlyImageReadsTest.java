package io.shakedown.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.report.Report;
import io.shakedown.spec.SpecParser;
import io.shakedown.target.ContainerEvidence;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The rules' image reads begun while readiness polls: the rules stage finds them done (each folder read once in all),
 * its findings are those of reading everything itself, existence-only reads are left to it, and close() stops the
 * gathering and waits for the read in flight. A Spring Boot fat jar in /app, served by an in-memory container
 * (the end-to-end side is RulesOnImagesTest, FrameworkAppsTest and EngineBehaviourTest on real containers).
 */
class EarlyImageReadsTest {

    /** A container whose /app holds a Spring Boot jar with ddl-auto=update; every files() call is recorded. */
    static final class SpringJarContainer implements ContainerEvidence {
        final List<String> reads = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstReadMayEnd;

        SpringJarContainer(CountDownLatch firstReadMayEnd) {
            this.firstReadMayEnd = firstReadMayEnd;
        }

        @Override
        public Optional<ImageConfig> image() {
            return Optional.of(new ImageConfig("10001", List.of("java", "-jar", "/app/app.jar"), List.of(), List.of("PATH=/usr/bin"), Map.of(),
                    List.of("8080/tcp"), List.of(), "/app"));
        }

        @Override
        public Optional<StartedWith> startedWith() {
            return Optional.of(new StartedWith("java", List.of("-jar", "/app/app.jar"), "10001", List.of("PATH=/usr/bin"), null));
        }

        @Override
        public Optional<List<FileEntry>> files(String folder, boolean firstEntryOnly, long maxFile, long maxTotal) {
            reads.add(folder + (firstEntryOnly ? "#1" : ""));
            try {
                if (!firstReadMayEnd.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            if (!folder.equals("/app")) return Optional.of(List.of());
            return Optional.of(List.of(new FileEntry("/app", null), new FileEntry("/app/app.jar", springJar())));
        }

        @Override
        public Optional<Processes> processes() {
            return Optional.empty();
        }
    }

    static byte[] springJar() {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("org/springframework/boot/loader/launch/JarLauncher.class"));
            zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            zip.putNextEntry(new ZipEntry("BOOT-INF/classes/application.properties"));
            zip.write("spring.jpa.hibernate.ddl-auto=update\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static List<Report.Finding> findings(ImageReads reads) throws Exception {
        var spec = new SpecParser().parse("app: a\ntarget: { image: x:1, port: 8080 }\n");
        var inputs = new RuleInputs(reads, ConditionLogicTest.target("Tomcat started on port 8080\n"), false, List.of(), null);
        return new RuleEngine(RuleSet.builtIn()).evaluate(inputs, spec.rules()).findings();
    }

    @Test
    void theRulesStageFindsTheImageReadAndItsFindingsAreUnchanged() throws Exception {
        var early = new SpringJarContainer(new CountDownLatch(0));
        var gathering = EarlyImageReads.start(RuleSet::builtIn, new ImageReads(early), "t1");
        for (int i = 0; i < 500 && gathering.running(); i++) Thread.sleep(10);
        assertFalse(gathering.running());
        assertTrue(early.reads.contains("/app"), "the jar's folder is read while readiness polls: " + early.reads);
        assertTrue(early.reads.stream().noneMatch(r -> r.endsWith("#1")),
                "existence-only reads (pid and log files a running app writes) are left to the rules stage: " + early.reads);
        int readEarly = early.reads.size();

        List<Report.Finding> withEarlyReads = findings(gathering.reads());
        List<Report.Finding> readAtTheStage = findings(new ImageReads(new SpringJarContainer(new CountDownLatch(0))));

        assertEquals(readAtTheStage, withEarlyReads);
        assertTrue(withEarlyReads.stream().anyMatch(f -> f.ruleId().equals("spring-ddl-auto-destructive")), withEarlyReads.toString());
        List<String> byTheStage = early.reads.subList(readEarly, early.reads.size());
        assertTrue(byTheStage.stream().allMatch(r -> r.endsWith("#1")), "the stage read again only existence checks: " + byTheStage);
        assertEquals(early.reads.size(), early.reads.stream().distinct().count(), "each folder read once: " + early.reads);
    }

    @Test
    void closeStartsNoFurtherReadAndWaitsForTheOneInFlight() throws Exception {
        var release = new CountDownLatch(1);
        var container = new SpringJarContainer(release);
        var gathering = EarlyImageReads.start(RuleSet::builtIn, new ImageReads(container), "t2");
        for (int i = 0; i < 500 && container.reads.isEmpty(); i++) Thread.sleep(10);
        assertEquals(1, container.reads.size(), "one read in flight: " + container.reads);

        var closed = new Thread(gathering::close);
        closed.start();
        Thread.sleep(200);
        assertTrue(closed.isAlive(), "close waits while a read is in flight");
        release.countDown();
        closed.join(10_000);

        assertFalse(closed.isAlive());
        assertFalse(gathering.running(), "nothing of the gathering runs once close returned");
        assertEquals(1, container.reads.size(), "no read started after close: " + container.reads);
    }
}
