package d2l.workbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The stubs in {@code exercises/}: each compiles on its own, has the same API as its solution, and
 * everything a student is to write throws {@link NotImplementedYet} with the clear message
 * {@code not implemented yet: 7.2 corr2d, see exercises/Sec7_2.java}.
 *
 * <p>These tests describe the stubs as shipped; once a student fills them in, they use
 * {@code check("7.2")} (or {@code CheckWorkbook}) instead.
 */
class ExercisesTest {

    @TestFactory
    Stream<DynamicTest> everyStubCompilesOnItsOwn() {
        return Stream.of(Section.values()).map(section -> DynamicTest.dynamicTest(section.fileName(), () -> {
            Compilation c = Workbook.exercises().compile(section);
            assertThat(c.errors()).isEmpty();
            assertThat(c.warnings()).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyCheckOfAStubSaysNotImplementedYet() {
        return Stream.of(Section.values()).flatMap(section -> Checks.of(section).stream()).map(check ->
                DynamicTest.dynamicTest(check.section().id() + " " + check.name(), () -> {
                    Checks.Result result = Checks.run(Workbook.exercises(), check);
                    assertThat(result.status()).as(result.message()).isEqualTo(Checks.Status.NOT_IMPLEMENTED);
                    assertThat(result.message()).matches("not implemented yet: " + check.section().id().replace(".", "\\.")
                            + " [A-Za-z0-9.]+, see exercises/" + check.section().className() + "\\.java");
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyPublicMemberOfAStubThrowsNotImplementedYet() {
        return Stream.of(Section.values()).map(section -> DynamicTest.dynamicTest(section.fileName(), () -> {
            LoadedSection stub = Workbook.exercises().load(section);
            List<String> checked = new ArrayList<>();
            for (Executable e : members(stub.type())) {
                Throwable thrown = catchThrowable(() -> call(e));
                if (thrown instanceof InvocationTargetException ite) {
                    thrown = ite.getCause();
                }
                assertThat(thrown).as(e.toString()).isInstanceOf(NotImplementedYet.class);
                assertThat(thrown.getMessage()).as(e.toString())
                        .startsWith("not implemented yet: " + section.id() + " ")
                        .endsWith(", see exercises/" + section.fileName());
                checked.add(e.getName());
            }
            assertThat(checked).as("members checked in " + section.fileName()).isNotEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> stubsAndSolutionsHaveTheSameApi() {
        return Stream.of(Section.values()).map(section -> DynamicTest.dynamicTest(section.fileName(), () -> {
            assertThat(api(Workbook.exercises().load(section).type()))
                    .isEqualTo(api(Workbook.solutions().load(section).type()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyPublicMemberHasJavadocAndEachFileCitesTheBook() {
        return Stream.of(Section.values()).map(section -> DynamicTest.dynamicTest(section.fileName(), () -> {
            for (Workbook w : List.of(Workbook.exercises(), Workbook.solutions())) {
                List<String> undocumented = new ArrayList<>();
                String classDoc = javadoc(w, section, undocumented);
                assertThat(classDoc).as(w.shownName(section)).contains("../shared/book/");
                assertThat(undocumented).as("public members without Javadoc in " + w.shownName(section)).isEmpty();
            }
        }));
    }

    /** The public static methods and the constructors and public methods of the public nested classes (not records). */
    private static List<Executable> members(Class<?> type) {
        List<Executable> members = new ArrayList<>();
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
                members.add(m);
            }
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            if (!Modifier.isPublic(nested.getModifiers()) || nested.isRecord()) {
                continue;
            }
            for (Constructor<?> k : nested.getDeclaredConstructors()) {
                members.add(k);
            }
            for (Method m : nested.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    members.add(m);
                }
            }
        }
        return members;
    }

    /** Calls a member with placeholder arguments (the stubs throw before they look at them). */
    private static Object call(Executable e) throws Exception {
        Object[] args = new Object[e.getParameterCount()];
        Class<?>[] types = e.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            args[i] = placeholder(types[i]);
        }
        e.setAccessible(true);
        if (e instanceof Constructor<?> k) {
            return k.newInstance(args);
        }
        Method m = (Method) e;
        Object target = null;
        if (!Modifier.isStatic(m.getModifiers())) {
            // an instance method of a stub class: the constructor already throws, so allocate without it
            target = allocate(m.getDeclaringClass());
        }
        return m.invoke(target, args);
    }

    /** An instance made without running a constructor (the stubs' constructors throw), to call its methods on. */
    private static Object allocate(Class<?> c) throws Exception {
        java.lang.reflect.Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Object unsafe = f.get(null);
        return unsafe.getClass().getMethod("allocateInstance", Class.class).invoke(unsafe, c);
    }

    private static Object placeholder(Class<?> type) {
        if (type == int.class) {
            return 1;
        } else if (type == long.class) {
            return 1L;
        } else if (type == double.class) {
            return 1.0;
        } else if (type == float.class) {
            return 1f;
        } else if (type == boolean.class) {
            return false;
        } else if (type.isArray()) {
            return java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
        }
        return null;
    }

    /** The public API of a section's class: its public static methods and nested classes with their public members. */
    private static TreeSet<String> api(Class<?> type) {
        TreeSet<String> api = new TreeSet<>();
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers())) {
                api.add(m.toGenericString().replace(type.getName() + ".", ""));
            }
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            if (!Modifier.isPublic(nested.getModifiers())) {
                continue;
            }
            api.add("class " + nested.getSimpleName() + " extends " + nested.getGenericSuperclass().getTypeName()
                    .replace(type.getName() + "$", ""));
            for (Constructor<?> k : nested.getDeclaredConstructors()) {
                if (Modifier.isPublic(k.getModifiers())) {
                    api.add(k.toGenericString().replace(type.getName() + "$", ""));
                }
            }
            for (Method m : nested.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers())) {
                    api.add(m.toGenericString().replace(type.getName() + "$", ""));
                }
            }
        }
        return api;
    }

    /** The section class's Javadoc; adds to {@code undocumented} every public member without one. */
    private static String javadoc(Workbook w, Section section, List<String> undocumented) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, null)) {
            JavacTask task = (JavacTask) javac.getTask(null, files, d -> { }, List.of("-proc:none"), null,
                    files.getJavaFileObjects(w.file(section)));
            CompilationUnitTree unit = task.parse().iterator().next();
            DocTrees docs = DocTrees.instance(task);
            ClassTree top = (ClassTree) unit.getTypeDecls().get(0);
            for (Tree member : top.getMembers()) {
                if (isPublic(member) && docs.getDocCommentTree(TreePath.getPath(unit, member)) == null) {
                    undocumented.add(name(member));
                }
                if (member instanceof ClassTree nested) {
                    for (Tree inner : nested.getMembers()) {
                        // constructors, forward and toString are described by their class, as the book describes forward with the layer
                        if (inner instanceof MethodTree m && !m.getName().contentEquals("<init>")
                                && !m.getName().contentEquals("forward") && !m.getName().contentEquals("toString")
                                && isPublic(inner) && docs.getDocCommentTree(TreePath.getPath(unit, inner)) == null) {
                            undocumented.add(name(member) + "." + name(inner));
                        }
                    }
                }
            }
            DocCommentTree classDoc = docs.getDocCommentTree(TreePath.getPath(unit, top));
            return classDoc == null ? "" : classDoc.toString();
        }
    }

    private static boolean isPublic(Tree member) {
        if (member instanceof MethodTree m) {
            return m.getModifiers().getFlags().contains(javax.lang.model.element.Modifier.PUBLIC);
        }
        return member instanceof ClassTree c && c.getModifiers().getFlags().contains(javax.lang.model.element.Modifier.PUBLIC);
    }

    private static String name(Tree member) {
        return member instanceof MethodTree m ? m.getName().toString() : ((ClassTree) member).getSimpleName().toString();
    }
}
