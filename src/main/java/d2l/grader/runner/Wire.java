package d2l.grader.runner;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message between the grader and its child JVM: named text fields on one line,
 * {@code op=case&section=7.2&call=corr2d%28X%2C+K%29}. Plain text in both directions, so nothing
 * the student's code sends can make the grader run anything (no Java serialization), and the
 * child's lines start with a token the student's code cannot guess in advance, so that what it
 * prints on the real standard output is never taken for a message.
 */
public final class Wire {

    private Wire() {}

    /** The message as one line (without the line break). */
    public static String encode(Map<String, String> fields) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (s.length() > 0) {
                s.append('&');
            }
            s.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    /** The fields of a line {@link #encode} wrote. */
    public static Map<String, String> decode(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (line.isEmpty()) {
            return fields;
        }
        for (String pair : line.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** A message from alternating names and values: {@code message("op", "compile", "section", "7.2")}. */
    public static Map<String, String> message(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}
