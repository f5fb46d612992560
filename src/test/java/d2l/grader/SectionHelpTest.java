package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.workbook.Section;
import d2l.workbook.Workbook;
import org.junit.jupiter.api.Test;

/** {@code help()} and {@code help("7.2")}: what a section asks for, read from its file, and what its check grades, read from the rubric. */
class SectionHelpTest {

    @Test
    void helpOfASectionListsItsFunctionsWithTheirFirstSentenceAndItsChecksWithTheirPoints() {
        String help = SectionHelp.of(Workbook.exercises(), Section.S7_2);

        assertThat(help).startsWith("7.2 Convolutions for Images (exercises/Sec7_2.java)\n")
                .contains("  Tensor corr2d(Tensor X, Tensor K)\n      The 2-D cross-correlation of X with the kernel K: slide K"
                        + " over X, and at each position sum the elementwise products.\n")
                .contains("  class Conv2D extends Module\n")
                .contains("  record KernelFit(List<Double> losses, Tensor kernel)\n      What learnKernel returns.\n")
                .contains("    3  corr2d against conv2d on random inputs\n")
                .contains("after 10 epochs\n") // a quick training check: check() runs it

                .contains("    2  corr2d on the instructor's cases   (hidden: the instructor's cases)\n");
        // only the members of the section's class, not those of its nested classes
        assertThat(help).doesNotContain("forward(");
        assertThat(SectionHelp.of(Workbook.exercises(), Section.S7_6))
                .contains("LeNet trained on Fashion-MNIST: validation accuracy   (training: only ./d2l grade runs it)\n");
    }

    @Test
    void inlineTagsKeepTheirBracesAndLinksLoseTheirHash() {
        assertThat(SectionHelp.firstSentence("\n * ResNet-18: {@code arch = {{2, 64}, {2, 128}}}, with {@link #block}. More."))
                .isEqualTo("ResNet-18: arch = {{2, 64}, {2, 128}}, with block.");
    }

    @Test
    void theOverviewNamesEverySectionAndTheSessionsCommands() {
        String overview = SectionHelp.overview(Workbook.exercises());

        for (Section s : Section.values()) {
            assertThat(overview).contains(s.id() + "  " + s.title());
        }
        assertThat(overview).contains("check(\"7.2\")").contains("/reload");
    }
}
