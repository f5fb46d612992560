package d2l.workbook;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls a function of an earlier section from a later one, as the book does when 7.4's
 * {@code corr2d_multi_in} calls 7.2's {@code corr2d}, while each file still compiles on its own.
 * The function comes from the same workbook as the caller (the student's own {@code corr2d} for
 * {@code exercises/}). When that one cannot be used, because the earlier file does not compile or
 * the function is not implemented yet, the reference answer in {@code solutions/} is used instead
 * and a note says so once, so a missing 7.2 never stops 7.4 from working or being graded.
 *
 * <p>The system property {@code d2l.earlier} changes this: {@code reference} always uses the
 * reference answers, {@code own} never does. The reference answers come from
 * {@link Workbook#reference()} ({@code solutions/} unless {@code d2l.reference} names another directory).
 */
public final class Earlier {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Set<String> NOTED = ConcurrentHashMap.newKeySet();

    private Earlier() {}

    /**
     * Calls {@code function} of {@code section} with {@code args}, e.g.
     * {@code Earlier.call("7.2", "corr2d", X, K)}.
     */
    @SuppressWarnings("unchecked")
    public static <T> T call(String section, String function, Object... args) {
        Section earlier = Section.of(section);
        Class<?> caller = WALKER.getCallerClass();
        String mode = System.getProperty("d2l.earlier", "");
        if (mode.equals("reference")) {
            return (T) Workbook.reference().load(earlier).call(function, args);
        }
        Workbook workbook = null;
        LoadedSection own;
        try {
            if (caller.getClassLoader() instanceof SectionClassLoader loader) {
                workbook = loader.workbook();
                own = workbook.load(earlier);
            } else if (isSectionClass(caller)) {
                // compiled together with the earlier section (an IDE's build): use the class next to the caller
                own = new LoadedSection(null, earlier, Class.forName(earlier.className(), true, caller.getClassLoader()));
            } else {
                workbook = Workbook.current();
                own = workbook.load(earlier);
            }
        } catch (WorkbookException | ClassNotFoundException e) {
            String yours = workbook == null ? earlier.fileName() : workbook.shownName(earlier);
            RuntimeException problem = e instanceof WorkbookException w ? w
                    : new WorkbookException(yours + " is not there: " + e.getMessage(), e);
            if (mode.equals("own") || (workbook != null && workbook.isSolutions())) {
                throw problem;
            }
            return (T) reference(earlier, function, args, yours, "does not compile", caller, problem);
        }
        if (mode.equals("own") || (workbook != null && workbook.isSolutions())) {
            return (T) own.call(function, args);
        }
        try {
            return (T) own.call(function, args);
        } catch (NotImplementedYet e) {
            return (T) reference(earlier, function, args, own.shownName(), function + " is not implemented yet", caller, e);
        }
    }

    /** The reference answer's result, with a note the first time; the student's problem if there is no reference. */
    private static Object reference(Section earlier, String function, Object[] args, String yours, String why,
                                    Class<?> caller, RuntimeException problem) {
        Workbook answers = Workbook.reference();
        if (!java.nio.file.Files.isRegularFile(answers.file(earlier))) {
            throw problem;
        }
        if (NOTED.add(yours + "#" + function)) {
            String user = sectionOf(caller);
            System.err.println("note: " + yours + ": " + why + ", so " + (user == null ? "this call" : user)
                    + " uses the reference " + function + " from " + answers.shownName(earlier));
        }
        return answers.load(earlier).call(function, args);
    }

    private static boolean isSectionClass(Class<?> c) {
        return sectionOf(c) != null;
    }

    private static String sectionOf(Class<?> c) {
        Class<?> top = c;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        for (Section s : Section.values()) {
            if (top.getName().equals(s.className())) {
                return s.id();
            }
        }
        return null;
    }
}
