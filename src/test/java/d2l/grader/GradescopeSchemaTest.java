package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The schema check the autograder tests rely on finds what Gradescope's specification does not allow. */
class GradescopeSchemaTest {

    @Test
    void theSpecificationsOwnExamplePasses() {
        assertThat(GradescopeSchema.problems("""
                {"score": 44.0, "execution_time": 136, "output": "Text", "output_format": "simple_format",
                 "visibility": "after_due_date", "stdout_visibility": "visible", "extra_data": {},
                 "tests": [{"score": 2.0, "max_score": 2.0, "status": "passed", "name": "Your name here", "number": "1.1",
                            "output": "Giant multiline string", "tags": ["tag1"], "visibility": "visible", "extra_data": {}}],
                 "leaderboard": [{"name": "Accuracy", "value": 0.926}, {"name": "Time", "value": 15.1, "order": "asc"},
                                 {"name": "Stars", "value": "*****"}]}
                """)).isEmpty();
    }

    @Test
    void whatTheSpecificationDoesNotAllowIsNamed() {
        assertThat(GradescopeSchema.problems("{\"tests\": [{\"name\": \"a\"}]}"))
                .containsExactly("tests[0].score is missing, and there is no top-level score");
        assertThat(GradescopeSchema.problems("{\"score\": \"10\", \"tests\": [{\"score\": 3, \"max_score\": 2, \"status\": \"ok\","
                + " \"visibility\": \"secret\"}], \"grade\": 1}")).containsExactlyInAnyOrder("the top level has the unknown field grade",
                "score is not a number", "tests[0].status is ok, not one of failed, passed",
                "tests[0].visibility is secret, not one of after_due_date, after_published, hidden, visible",
                "tests[0].score 3.0 is not between 0 and max_score 2.0");
        assertThat(GradescopeSchema.problems("{\"score\": 1, \"leaderboard\": [{\"name\": \"x\", \"order\": \"up\"}]}"))
                .containsExactly("leaderboard[0].value is missing or neither a number nor a string",
                        "leaderboard[0].order is up, not one of asc, desc");
        assertThat(GradescopeSchema.problems("{\"score\": 1,}")).hasSize(1).first().asString().startsWith("not JSON");
    }
}
