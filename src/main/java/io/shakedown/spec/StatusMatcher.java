package io.shakedown.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Accepted HTTP statuses: exact codes and/or whole classes ("2xx").
 * Written in a spec as {@code 200}, {@code [200, 204]}, {@code 2xx} or {@code [2xx, 304]}.
 */
public record StatusMatcher(List<Integer> codes, List<Integer> classes) {

    public static final StatusMatcher ANY_2XX = new StatusMatcher(List.of(), List.of(2));

    public boolean matches(int status) {
        return codes.contains(status) || classes.contains(status / 100);
    }

    /** The form a person wrote, for messages: "200", "2xx", "[200, 204]". */
    @Override
    public String toString() {
        var parts = new ArrayList<String>();
        codes.forEach(c -> parts.add(String.valueOf(c)));
        classes.forEach(c -> parts.add(c + "xx"));
        return parts.size() == 1 ? parts.getFirst() : parts.toString();
    }
}
