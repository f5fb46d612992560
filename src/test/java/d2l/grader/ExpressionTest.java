package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.nn.LazyConv2d;
import d2l.tensor.Size;
import d2l.tensor.Tensor;
import d2l.workbook.LoadedSection;
import d2l.workbook.Workbook;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The case files' expressions: literals, the runtime's factories and methods, and the section's functions and classes. */
class ExpressionTest {

    private static Object eval(String text) {
        return Expression.parse(text).evaluate(null, Map.of());
    }

    @Test
    void literals() {
        assertThat(eval("3")).isEqualTo(3);
        assertThat(eval("10000000000")).isEqualTo(10_000_000_000L);
        assertThat(eval("7L")).isEqualTo(7L);
        assertThat(eval("-1.5e-3")).isEqualTo(-1.5e-3);
        assertThat(eval("\"max\"")).isEqualTo("max");
        assertThat(eval("true")).isEqualTo(true);
        assertThat(eval("null")).isNull();
        assertThat(eval("[2, 3]")).isEqualTo(new int[] {2, 3});
        assertThat(eval("[[1, 64], [2, 128]]")).isEqualTo(new int[][] {{1, 64}, {2, 128}});
        assertThat(((Tensor) eval("tensor([[19., 25.],\n [37., 43.]])")).toString()).isEqualTo("tensor([[19., 25.],\n        [37., 43.]])");
        assertThat(Expression.parse("tensor([[1.0]])").isLiteral()).isTrue();
        assertThat(Expression.parse("torch.ones(2)").isLiteral()).isFalse();
    }

    @Test
    void theRuntimesFactoriesMethodsAndClasses() {
        assertThat(eval("torch.ones(2, 3).sum().item()")).isEqualTo(6f);
        assertThat(eval("torch.stack(torch.ones(2), torch.zeros(2)).shape()")).isEqualTo(Size.of(2, 2));
        assertThat(eval("new d2l.nn.LazyConv2d(1, [5, 3]).padding(2, 1)")).isInstanceOf(LazyConv2d.class);
        assertThat(eval("torch.ones(1).shape().toArray()")).isEqualTo(new int[] {1});
    }

    @Test
    void theSectionsFunctionsAndClassesWithInputs() {
        LoadedSection s = Workbook.solutions().load("7.3");
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("X", Expression.parse("torch.rand(8, 8)").evaluate(s, variables));
        assertThat(Expression.parse("compConv2d(fourConvolutions().get(3), X).shape()").evaluate(s, variables)).isEqualTo(Size.of(2, 2));
        assertThat(Expression.parse("outputSize(8, 3, 2, 2)").evaluate(s, variables)).isEqualTo(4);
        LoadedSection blocks = Workbook.solutions().load("8.6");
        assertThat(Expression.parse("new Residual(6, true, 2).forward(torch.randn(4, 3, 6, 6)).shape()").evaluate(blocks, Map.of()))
                .isEqualTo(Size.of(4, 6, 3, 3));
    }

    @Test
    void mistakesSayWhere() {
        assertThatThrownBy(() -> Expression.parse("corr2d(X, K")).hasMessage("expected ')' at character 12 of: corr2d(X, K");
        assertThatThrownBy(() -> Expression.parse("f() g")).hasMessage("unexpected 'g' at character 5 of: f() g");
        assertThatThrownBy(() -> Expression.parse("1.2.3")).hasMessage("'1.2.3' is not a number at character 1 of: 1.2.3");
        assertThatThrownBy(() -> eval("Y")).hasMessage("no input named Y (the case defines [])");
        assertThatThrownBy(() -> eval("torch.ones(2).frobnicate()")).hasMessageStartingWith("Tensor has no method frobnicate()");
    }
}
