package d2l.grader;

import java.util.Map;

/**
 * One call of a student's code with the inputs and the expected result, from a case file or a
 * randomized check.
 *
 * @param title     what the case is, for messages (may be empty)
 * @param inputs    the inputs by name, in order, each an {@link Expression}
 * @param call      what to evaluate, e.g. {@code corr2d(X, K)}
 * @param seed      the seed set by {@code manualSeed} before the inputs are made, or null
 * @param expected  what the call must give (and print)
 * @param tolerance the absolute and relative tolerance of a tensor or number comparison
 * @param where     where the case is written, e.g. {@code grader/golden/7.2-corr2d.txt:9}
 */
public record Case(String title, Map<String, Expression> inputs, Expression call, Long seed, Expected expected,
                   double tolerance, String where) {

    /** The request fields that carry the inputs to the child: {@code in.X} is the expression of input {@code X}, in order. */
    Map<String, String> inputFields() {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        inputs.forEach((name, e) -> fields.put("in." + name, e.text()));
        return fields;
    }
}
