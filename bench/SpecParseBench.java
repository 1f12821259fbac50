import io.shakedown.document.DocumentException;
import io.shakedown.spec.SpecFiles;
import io.shakedown.spec.SpecParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Spec parse time: every examples/**&#47;shakedown.yml parsed once cold (first parse in a fresh JVM, what the
 * one-shot CLI pays), then ROUNDS warm rounds; prints the cold time and the median of one warm round, each as wall
 * time and as this thread's CPU time (the CPU figure is what a busy shared machine disturbs least: time spent
 * waiting for a core is not in it). Run by bench/spec-parse.sh and bench/compare-spec-parse.sh; not a test.
 */
public class SpecParseBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        List<Path> specs;
        try (Stream<Path> s = Files.walk(Path.of("examples"))) {
            specs = s.filter(p -> p.getFileName().toString().equals("shakedown.yml")).sorted().toList();
        }
        List<String> texts = new ArrayList<>();
        for (Path p : specs) texts.add(Files.readString(p));
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        int ok = parseAll(specs, texts);
        long cold = System.nanoTime() - t0;
        long coldCpu = cpu.getCurrentThreadCpuTime() - c0;
        long[] warm = new long[rounds];
        long[] warmCpu = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long c = cpu.getCurrentThreadCpuTime();
            long a = System.nanoTime();
            parseAll(specs, texts);
            warm[r] = System.nanoTime() - a;
            warmCpu[r] = cpu.getCurrentThreadCpuTime() - c;
        }
        Arrays.sort(warm);
        Arrays.sort(warmCpu);
        System.out.printf("specs: %d (%d valid)%n", specs.size(), ok);
        System.out.printf("cold first round: %.1f ms%n", cold / 1e6);
        System.out.printf("warm round median: %.3f ms (%.1f us per spec) over %d rounds%n",
                warm[rounds / 2] / 1e6, warm[rounds / 2] / 1e3 / specs.size(), rounds);
        System.out.printf("cold first round cpu: %.1f ms%n", coldCpu / 1e6);
        System.out.printf("warm round median cpu: %.3f ms (%.1f us per spec)%n", warmCpu[rounds / 2] / 1e6, warmCpu[rounds / 2] / 1e3 / specs.size());
    }

    private static int parseAll(List<Path> specs, List<String> texts) {
        int ok = 0;
        for (int i = 0; i < specs.size(); i++) {
            try {
                new SpecParser().parse(texts.get(i), SpecFiles.folder(specs.get(i).getParent()));
                ok++;
            } catch (DocumentException e) {
                // counted as invalid; parse time is what is measured
            }
        }
        return ok;
    }
}
