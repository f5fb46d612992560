package d2l.grader;

import d2l.workbook.Section;
import d2l.workbook.Workbook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code help()} and {@code help("7.2")} in JShell: what a section asks the student to write (each
 * public function and class of its file, with the first sentence of its Javadoc) and what
 * {@code check("7.2")} will check (the rubric's rows of the section, with their points).
 */
public final class SectionHelp {

    /** A member of the section's class: its Javadoc, then {@code public ...} up to its body, at one indent. */
    private static final Pattern MEMBER = Pattern.compile(
            "(?ms)^    /\\*\\*(.*?)\\*/\\s*^    public (?:static )?(?:final )?([^{;=]+?)\\s*[{;]");

    /** The start of an inline Javadoc tag, {@code {@code }. */
    private static final Pattern INLINE_TAG = Pattern.compile("\\{@\\w+\\s");

    private SectionHelp() {}

    /** Prints the sections of the workbook and the commands of the session. */
    public static void help() {
        System.out.print(overview(Workbook.current()));
    }

    /** Prints what section {@code section} ({@code "7.2"}) asks for and what its check grades. */
    public static void help(String section) {
        System.out.print(of(Workbook.current(), Section.of(section)));
    }

    /** The overview {@link #help()} prints. */
    static String overview(Workbook workbook) {
        StringBuilder s = new StringBuilder("Workbook " + workbook.shownName() + "\n");
        for (Section section : Section.values()) {
            s.append(String.format("  %-4s %-48s %s%n", section.id(), section.title(), workbook.shownName(section)));
        }
        return s.append("""
                help("7.2")      what a section asks you to write, and what its check grades
                check("7.2")     grades a section as ./d2l grade --only 7.2 does (without training); check() grades all
                Pictures.show(Y) prints a 2-D tensor as a text heat map
                /reload          after editing a file: loads the workbook again and replays what you typed
                /reset           loads the workbook again, without the replay
                """).toString();
    }

    /** The text {@link #help(String)} prints. */
    static String of(Workbook workbook, Section section) {
        StringBuilder s = new StringBuilder(section + " (" + workbook.shownName(section) + ")\n");
        Path file = workbook.file(section);
        if (Files.isRegularFile(file)) {
            s.append("What you write:\n");
            for (String[] member : members(read(file))) {
                s.append("  ").append(member[0]).append('\n');
                if (!member[1].isEmpty()) {
                    s.append("      ").append(member[1]).append('\n');
                }
            }
        } else {
            s.append("(no file ").append(workbook.shownName(section)).append(" yet: copy it from exercises/)\n");
        }
        s.append(checks(section));
        return s.toString();
    }

    /** The rubric's rows of {@code section}, each with its points; hidden ones say so. */
    private static String checks(Section section) {
        Rubric rubric;
        Catalogue catalogue;
        try {
            GraderFolder folder = GraderFolder.locate(Workbook.projectRoot(), null);
            rubric = folder.rubric();
            catalogue = folder.catalogue();
        } catch (IOException | IllegalArgumentException e) {
            return "(no rubric to list the checks: " + e.getMessage() + ")\n";
        }
        List<RubricEntry> rows = rubric.entries().stream().filter(e -> e.section() == section).toList();
        double total = rows.stream().mapToDouble(RubricEntry::points).sum();
        StringBuilder s = new StringBuilder(String.format("What check(\"%s\") grades (%s points in all):%n", section.id(),
                points(total)));
        for (RubricEntry row : rows) {
            String note = row.visibility() == Visibility.HIDDEN ? "   (hidden: the instructor's cases)"
                    : isSlowTraining(catalogue.find(section, row.check()), row) ? "   (training: only ./d2l grade runs it)" : "";
            s.append(String.format("  %3s  %s%s%n", points(row.points()), row.check(), note));
        }
        return s.toString();
    }

    private static boolean isSlowTraining(GraderCheck check, RubricEntry row) {
        return check != null && Grader.slowTraining(check, row);
    }

    /** Each public member declared at the class's top level: {declaration, first sentence of its Javadoc}. */
    static List<String[]> members(String source) {
        List<String[]> members = new ArrayList<>();
        Matcher m = MEMBER.matcher(source);
        while (m.find()) {
            String declaration = m.group(2).replaceAll("\\s+", " ").replace("static ", "");
            members.add(new String[] {declaration, firstSentence(m.group(1))});
        }
        return members;
    }

    /** The Javadoc's first sentence as plain text: without the stars, {@code {@code x}} as {@code x}. */
    static String firstSentence(String javadoc) {
        String text = inlineTags(javadoc.replaceAll("(?m)^\\s*\\*", " ")).replaceAll("<[^>]+>", "")
                .replaceAll("(?<![\\w.])#(\\w)", "$1").replaceAll("\\s+", " ").strip();
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    /** {@code {@code x}} and {@code {@link x}} as {@code x}, where {@code x} may hold balanced braces ({@code {1, 2}}). */
    private static String inlineTags(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            Matcher tag = INLINE_TAG.matcher(text);
            if (!tag.find(i)) {
                break;
            }
            out.append(text, i, tag.start());
            int depth = 1;
            int j = tag.end();
            while (j < text.length() && depth > 0) {
                char c = text.charAt(j);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                if (depth > 0) {
                    out.append(c);
                }
                j++;
            }
            i = j;
        }
        return out.append(text.substring(Math.min(i, text.length()))).toString();
    }

    private static String points(double p) {
        return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
