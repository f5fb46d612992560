package d2l.grader;

import d2l.workbook.Section;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The GitHub Actions workflow the handout carries as {@code .github/workflows/classroom.yml}: on
 * every push it grades the student's {@code exercises/} with the visible checks, one step per
 * section, each writing its result ({@link ClassroomJson}, base64-encoded) to the step output
 * {@code result}; GitHub Classroom's reporter ({@code classroom-resources/autograding-grading-reporter})
 * reads those outputs, prints them and sends Classroom the points. The training checks are left
 * out: a runner has no Fashion-MNIST, and grading never downloads it.
 */
public final class ClassroomWorkflow {

    /** Where the workflow goes in the handout (the path GitHub Classroom looks for). */
    public static final String PATH = ".github/workflows/classroom.yml";

    private ClassroomWorkflow() {}

    /** The workflow for the visible, non-training checks of {@code rubric} ({@code catalogue} tells which train). */
    public static String of(Rubric rubric, Catalogue catalogue) {
        Map<Section, Double> points = new LinkedHashMap<>();
        for (RubricEntry e : rubric.entries()) {
            GraderCheck check = catalogue.find(e.section(), e.check());
            if (e.visibility() == Visibility.VISIBLE && check != null && check.kind() != CheckKind.TRAINING) {
                points.merge(e.section(), e.points(), Double::sum);
            }
        }
        StringBuilder y = new StringBuilder();
        y.append("""
                # Written by `d2l release`: grades exercises/ with the visible checks on every push, one step
                # per section, and reports the points to GitHub Classroom. The training checks are not run here.
                name: Autograding Tests
                on: [push, repository_dispatch, workflow_dispatch]
                permissions:
                  checks: write
                  actions: read
                  contents: read
                jobs:
                  run-autograding-tests:
                    runs-on: ubuntu-latest
                    if: github.actor != 'github-classroom[bot]'
                    steps:
                      - uses: actions/checkout@v4
                      - uses: actions/setup-java@v4
                        with:
                          distribution: temurin
                          java-version: '17'
                          cache: maven
                      - name: Install the sandbox (bubblewrap)
                        run: sudo apt-get install -y bubblewrap || echo "no bubblewrap; the grader will say which isolation it used"
                      - name: Build the runtime
                        run: bash ./d2l --version
                """);
        for (Map.Entry<Section, Double> e : points.entrySet()) {
            Section s = e.getKey();
            y.append(String.format(Locale.ROOT, """
                          - name: "%s %s (%s points)"
                            id: %s
                            run: echo "result=$(bash ./d2l grade exercises --only %s --no-training --format classroom | base64 -w0)" >> "$GITHUB_OUTPUT"
                    """, s.id(), s.title(), Report.points(e.getValue()), stepId(s), s.id()));
        }
        y.append("""
                      - name: Autograding Reporter
                        if: always()
                        uses: classroom-resources/autograding-grading-reporter@v1
                        env:
                """);
        for (Section s : points.keySet()) {
            y.append(String.format(Locale.ROOT, "          %s_RESULTS: \"${{ steps.%s.outputs.result }}\"\n", stepId(s).toUpperCase(Locale.ROOT),
                    stepId(s)));
        }
        y.append("        with:\n          runners: ").append(String.join(",", points.keySet().stream().map(ClassroomWorkflow::stepId).toList()))
                .append('\n');
        return y.toString();
    }

    /** The step's id: letters and digits only, as the reporter's {@code runners} input wants them ({@code section72}). */
    static String stepId(Section s) {
        return "section" + s.id().replace(".", "");
    }
}
