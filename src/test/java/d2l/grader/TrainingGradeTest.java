package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.train.RunLog;
import d2l.workbook.Section;
import d2l.workbook.Workbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training checks on a tiny budget (the rubric's LeNet trains 10 epochs; here 1 epoch on 2,000
 * images, and ResNet-18 3 steps on 4 images of 32 x 32): they train the student's classes, log
 * to CSV, and score by the rubric's thresholds. Needs Fashion-MNIST in {@code D2L_DATA}.
 */
class TrainingGradeTest {

    @TempDir
    Path dir;

    @Test
    void theTrainingChecksTrainLogAndScore() throws IOException {
        Assumptions.assumeTrue(System.getenv("D2L_DATA") != null, "D2L_DATA names the Fashion-MNIST directory");
        Path rubric = dir.resolve("rubric.csv");
        Files.writeString(rubric, String.join("\n",
                "section,check,points,visibility,requires,settings",
                "7.2,\"learnKernel from the default init ends within 0.1 of [[1, -1]] after 10 epochs\",2,visible,,\"seeds=0,1\"",
                "7.6,\"LeNet trained on Fashion-MNIST: validation accuracy\",8,visible,,\"epochs=1 limit=2000 credit=0.99:1,0.05:0.5\"",
                "8.6,\"ResNet18's loss falls in a short run\",3,visible,,steps=3 batch_size=4 resize=32 ratio=0.99", ""));
        Path graderDir = Workbook.projectRoot().resolve("grader");
        Grader grader = new Grader(Rubric.read(rubric, "rubric.csv"), Catalogue.load(graderDir, "grader/"),
                new GradeOptions(graderDir, EnumSet.noneOf(Section.class), true, null, "1g", 2,
                        Path.of(System.getenv("D2L_DATA")).toAbsolutePath(), dir.resolve("logs")));
        Report report = grader.grade(Workbook.solutions().dir(), "solutions", line -> { });

        assertThat(report.outcomes()).as("%s", report.outcomes()).extracting(o -> o.status().name())
                .containsExactly("PASSED", "PARTIAL", "PASSED");
        Outcome lenet = report.outcomes().get(1);
        assertThat(lenet.score()).isEqualTo(4);
        assertThat(lenet.feedback()).matches("validation accuracy 0\\.\\d{4} after training: 50% of the points "
                + "\\(0\\.99 for 100%, 0\\.05 for 50%\\); log: .*lenet\\.csv");
        List<String> log = Files.readAllLines(dir.resolve("logs/solutions/lenet.csv"));
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).isEqualTo(String.join(",", RunLog.COLUMNS));
        assertThat(log.get(1)).startsWith("solutions-lenet,lenet,0.100000,128,0,");
        assertThat(Files.readAllLines(dir.resolve("logs/solutions/learn-kernel.csv"))).hasSize(1 + 2 * 10)
                .first().isEqualTo("seed,epoch,loss,kernel");
        List<String> resnet = Files.readAllLines(dir.resolve("logs/solutions/resnet18.csv"));
        assertThat(resnet).as("the losses the grader measured before and after the run").hasSize(3).first().isEqualTo("step,loss");
        assertThat(resnet.get(1)).startsWith("0,");
        assertThat(resnet.get(2)).startsWith("3,");
        assertThat(report.score()).isEqualTo(9);
    }
}
