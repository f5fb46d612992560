package d2l.grader;

import d2l.tensor.Torch;
import d2l.workbook.LoadedSection;
import d2l.workbook.WorkbookException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The small expression language of the case files, enough to write the book's cells without Java:
 * <ul>
 *   <li>{@code corr2d(X, K)}: a function of the section being graded (the student's);</li>
 *   <li>{@code new Residual(6, true, 2)}: a class of that section; {@code new d2l.nn.LazyConv2d(1, 3)}: a runtime class;</li>
 *   <li>{@code torch.randn(4, 3, 6, 6)}: a factory of {@code d2l.tensor.Torch};</li>
 *   <li>{@code .forward(X)}, {@code .shape()}, {@code .t()}: a public method of the value before the dot;</li>
 *   <li>literals: {@code tensor([[0.0, 1.0], [2.0, 3.0]])}, {@code [2, 2]} (an {@code int[]}),
 *       {@code [[1, 64], [2, 128]]} (an {@code int[][]}), {@code 3}, {@code 1e-5}, {@code 10L},
 *       {@code "max"}, {@code true}, {@code null}; and the names of the case's inputs.</li>
 * </ul>
 * Parsing needs nothing but the text, so the grader checks every case file before grading;
 * evaluation happens in the child JVM, against the student's loaded section.
 */
public final class Expression {

    private final String text;
    private final Node root;

    private Expression(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException saying what was expected where
     */
    public static Expression parse(String text) {
        Parser p = new Parser(text);
        Node root = p.expression();
        p.skipSpace();
        if (p.at < text.length()) {
            throw p.error("unexpected '" + text.substring(p.at) + "'");
        }
        return new Expression(text.strip(), root);
    }

    /** The expression as written. */
    public String text() {
        return text;
    }

    /** True when the value is written out in full (a tensor literal, a number...), so showing it reveals everything. */
    public boolean isLiteral() {
        return root instanceof Constant || root instanceof TensorLiteral || root instanceof ArrayLiteral;
    }

    /** The names of the section's functions this expression calls, e.g. {@code [corr2d]} for {@code corr2d(X, K).shape()}. */
    public java.util.Set<String> sectionFunctions() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        collect(root, names);
        return names;
    }

    private static void collect(Node n, java.util.Set<String> names) {
        if (n instanceof SectionCall c) {
            names.add(c.name());
            c.args().forEach(a -> collect(a, names));
        } else if (n instanceof New c) {
            c.args().forEach(a -> collect(a, names));
        } else if (n instanceof TorchCall c) {
            c.args().forEach(a -> collect(a, names));
        } else if (n instanceof MethodCall c) {
            collect(c.target(), names);
            c.args().forEach(a -> collect(a, names));
        } else if (n instanceof ArrayLiteral a) {
            a.elements().forEach(e -> collect(e, names));
        }
    }

    /** The value, with section functions and classes taken from {@code section} and names from {@code variables}. */
    public Object evaluate(LoadedSection section, Map<String, Object> variables) {
        return root.evaluate(section, variables);
    }

    @Override
    public String toString() {
        return text;
    }

    private sealed interface Node permits Constant, TensorLiteral, ArrayLiteral, Variable, SectionCall, New, TorchCall, MethodCall {
        Object evaluate(LoadedSection section, Map<String, Object> variables);
    }

    private record Constant(Object value) implements Node {
        @Override
        public Object evaluate(LoadedSection section, Map<String, Object> variables) {
            return value;
        }
    }

    private record TensorLiteral(String brackets) implements Node {
        @Override
        public Object evaluate(LoadedSection section, Map<String, Object> variables) {
            return Torch.tensor(brackets);
        }
    }

    private record ArrayLiteral(List<Node> elements) implements Node {
        @Override
        public Object evaluate(LoadedSection section, Map<String, Object> variables) {
            List<Object> values = new ArrayList<>();
            for (Node e : elements) {
                values.add(e.evaluate(section, variables));
            }
            if (values.stream().allMatch(v -> v instanceof Integer)) {
                return values.stream().mapToInt(v -> (Integer) v).toArray();
            }
            if (values.stream().allMatch(v -> v instanceof Number)) {
                return values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            }
            if (values.stream().allMatch(v -> v instanceof int[])) {
                return values.toArray(new int[0][]);
            }
            if (values.stream().allMatch(v -> v instanceof d2l.tensor.Tensor)) {
                return values.toArray(new d2l.tensor.Tensor[0]);
            }
            throw new IllegalArgumentException("a list must hold only numbers, only lists of integers or only tensors: "
                    + values);
        }
    }

    private record Variable(String name) implements Node {
        @Override
        public Object evaluate(LoadedSection section, Map<String, Object> variables) {
            if (!variables.containsKey(name)) {
                throw new IllegalArgumentException("no input named " + name + " (the case defines " + variables.keySet() + ")");
            }
            return variables.get(name);
        }
    }

    private record SectionCall(String name, List<Node> args) implements Node {
        @Override
        public Object evaluate(LoadedSection section, Map<String, Object> variables) {
            return section.call(name, values(args, section, variables));
        }
    }

    private record New(String type, List<Node> args) implements Node {
        @Override
        public Object evaluate(LoadedSection section, Map<String, Object> variables) {
            Object[] values = values(args, section, variables);
            if (!type.contains(".")) {
                return section.construct(type, values);
            }
            try {
                return LoadedSection.create(Class.forName(type), values);
            } catch (ClassNotFoundException e) {
                throw new WorkbookException("no runtime class " + type);
            }
        }
    }

    private record TorchCall(String name, List<Node> args) implements Node {
        @Override
        public Object evaluate(LoadedSection section, Map<String, Object> variables) {
            return LoadedSection.invoke(Torch.class, name, values(args, section, variables));
        }
    }

    private record MethodCall(Node target, String name, List<Node> args) implements Node {
        @Override
        public Object evaluate(LoadedSection section, Map<String, Object> variables) {
            Object on = target.evaluate(section, variables);
            if (on == null) {
                throw new IllegalArgumentException("." + name + "(...) was called on null");
            }
            return LoadedSection.invoke(on, name, values(args, section, variables));
        }
    }

    private static Object[] values(List<Node> args, LoadedSection section, Map<String, Object> variables) {
        Object[] values = new Object[args.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = args.get(i).evaluate(section, variables);
        }
        return values;
    }

    /** A recursive-descent parser over the text. */
    private static final class Parser {

        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Node expression() {
            Node node = primary();
            while (peek('.')) {
                at++;
                String name = identifier();
                node = new MethodCall(node, name, arguments());
            }
            return node;
        }

        private Node primary() {
            skipSpace();
            if (at >= text.length()) {
                throw error("expected a value");
            }
            char c = text.charAt(at);
            if (c == '"') {
                return new Constant(string());
            }
            if (c == '[') {
                return array();
            }
            if (c == '-' || c == '+' || Character.isDigit(c)) {
                return new Constant(number());
            }
            if (!Character.isJavaIdentifierStart(c)) {
                throw error("unexpected '" + c + "'");
            }
            String name = identifier();
            switch (name) {
                case "true":
                    return new Constant(true);
                case "false":
                    return new Constant(false);
                case "null":
                    return new Constant(null);
                case "new":
                    String type = qualifiedName();
                    return new New(type, arguments());
                case "torch":
                    expect('.');
                    return new TorchCall(identifier(), arguments());
                case "tensor":
                    if (peek('(')) {
                        return tensorLiteral();
                    }
                    return new Variable(name);
                default:
                    return peek('(') ? new SectionCall(name, arguments()) : new Variable(name);
            }
        }

        /** {@code tensor([[...]])}: the bracketed text, read by the runtime's own literal parser. */
        private Node tensorLiteral() {
            expect('(');
            skipSpace();
            if (!peek('[')) {
                return new TorchCall("tensor", restOfArguments());
            }
            int start = at;
            int depth = 0;
            do {
                if (at >= text.length()) {
                    throw error("the tensor's brackets are not closed");
                }
                char c = text.charAt(at++);
                depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            } while (depth > 0);
            String brackets = text.substring(start, at);
            expect(')');
            return new TensorLiteral(brackets);
        }

        private Node array() {
            expect('[');
            return new ArrayLiteral(listUntil(']'));
        }

        private List<Node> arguments() {
            expect('(');
            return restOfArguments();
        }

        private List<Node> restOfArguments() {
            return listUntil(')');
        }

        /** Expressions separated by commas, up to and including {@code close}. */
        private List<Node> listUntil(char close) {
            List<Node> nodes = new ArrayList<>();
            if (!peek(close)) {
                do {
                    nodes.add(expression());
                } while (consume(','));
            }
            expect(close);
            return nodes;
        }

        private Object number() {
            skipSpace();
            int start = at;
            if (text.charAt(at) == '-' || text.charAt(at) == '+') {
                at++;
            }
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.'
                    || ((text.charAt(at) == '-' || text.charAt(at) == '+') && "eE".indexOf(text.charAt(at - 1)) >= 0))) {
                at++;
            }
            String token = text.substring(start, at).replace("_", "");
            try {
                if (token.endsWith("L") || token.endsWith("l")) {
                    return Long.parseLong(token.substring(0, token.length() - 1));
                }
                if (token.matches("[-+]?\\d+")) {
                    long value = Long.parseLong(token);
                    return value == (int) value ? (Object) (int) value : (Object) value;
                }
                return Double.parseDouble(token);
            } catch (NumberFormatException e) {
                at = start;
                throw error("'" + token + "' is not a number");
            }
        }

        private String string() {
            expect('"');
            StringBuilder s = new StringBuilder();
            while (at < text.length() && text.charAt(at) != '"') {
                char c = text.charAt(at++);
                if (c == '\\' && at < text.length()) {
                    c = text.charAt(at++);
                }
                s.append(c);
            }
            expect('"');
            return s.toString();
        }

        private String identifier() {
            skipSpace();
            int start = at;
            if (at < text.length() && Character.isJavaIdentifierStart(text.charAt(at))) {
                at++;
                while (at < text.length() && Character.isJavaIdentifierPart(text.charAt(at))) {
                    at++;
                }
            }
            if (start == at) {
                throw error("expected a name");
            }
            return text.substring(start, at);
        }

        private String qualifiedName() {
            StringBuilder name = new StringBuilder(identifier());
            while (peek('.')) {
                at++;
                name.append('.').append(identifier());
            }
            return name.toString();
        }

        void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private boolean peek(char c) {
            skipSpace();
            return at < text.length() && text.charAt(at) == c;
        }

        private boolean consume(char c) {
            if (peek(c)) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!consume(c)) {
                throw error("expected '" + c + "'");
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at character " + (at + 1) + " of: " + text.strip());
        }
    }
}
