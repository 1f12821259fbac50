import io.shakedown.rules.RuleSet;
import io.shakedown.spec.SpecParser;
import java.util.Arrays;
import java.util.List;

/**
 * Rule pack loading time: the built-in packs (validator-rules/) loaded once cold in a fresh JVM, after one spec
 * parse (as the one-shot CLI does: the JSON Schema validator is already loaded), then ROUNDS warm loads; prints
 * the cold time and the median of a warm load. Run by bench/rule-load.sh; not a test.
 */
public class RuleLoadBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        new SpecParser().parse("app: a\ntarget: { image: 'x:1', port: 8080 }\nchecks:\n  - { name: h, request: { path: /health }, expect: { status: 200 } }\n");
        long t0 = System.nanoTime();
        int rules = RuleSet.load(List.of()).rules().size();
        long cold = System.nanoTime() - t0;
        long[] warm = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long a = System.nanoTime();
            RuleSet.load(List.of());
            warm[r] = System.nanoTime() - a;
        }
        Arrays.sort(warm);
        System.out.printf("rules: %d; cold first load: %.1f ms; warm load median: %.2f ms over %d rounds%n",
                rules, cold / 1e6, warm[rounds / 2] / 1e6, rounds);
    }
}
