package d2l.workbook;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.lang.model.type.TypeKind;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles one section's file by itself, in memory, against the runtime only (never against the
 * other sections), so that a file that does not compile never stops another from loading.
 */
final class SectionCompiler {

    private static final Pattern TOP_LEVEL_MODIFIERS = Pattern.compile("\\b(public|protected|private|static|final)\\b\\s*");

    private SectionCompiler() {}

    static Compilation compile(Section section, Path file, String shownName) {
        return run(section, file, shownName, true, null);
    }

    /** Compiles {@code source} as if it were the section's file (a copy of it with stand-ins in it). */
    static Compilation compile(Section section, Path file, String shownName, String source) {
        return run(section, file, shownName, true, source);
    }

    /** Only parses the file: its imports and members, and its syntax errors (much faster than compiling). */
    static Compilation parse(Section section, Path file, String shownName) {
        return run(section, file, shownName, false, null);
    }

    private static Compilation run(Section section, Path file, String shownName, boolean generate, String given) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (given == null && !Files.isRegularFile(file)) {
            errors.add(shownName + ": no such file");
            return new Compilation(section, file, errors, warnings, Map.of(), List.of(), List.of());
        }
        String source;
        try {
            source = given != null ? given : readUtf8(file);
        } catch (IOException e) {
            errors.add(shownName + ": cannot be read: " + e.getMessage());
            return new Compilation(section, file, errors, warnings, Map.of(), List.of(), List.of());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            errors.add("this Java runtime has no compiler (java.home=" + System.getProperty("java.home")
                    + "); the workbook needs a JDK 17 or newer");
            return new Compilation(section, file, errors, warnings, Map.of(), List.of(), List.of());
        }

        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> out = new LinkedHashMap<>();
        List<String> imports = new ArrayList<>();
        List<Compilation.Member> members = new ArrayList<>();
        synchronized (SectionCompiler.class) {
            try {
                JavaFileManager memory = new ForwardingJavaFileManager<>(fileManager(javac)) {
                    @Override
                    public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                               FileObject sibling) {
                        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension),
                                kind) {
                            @Override
                            public OutputStream openOutputStream() {
                                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                                out.put(className, bytes);
                                return bytes;
                            }
                        };
                    }

                    @Override
                    public void close() {
                        // the standard file manager is kept for the next file
                    }
                };
                JavaFileObject unit = new SimpleJavaFileObject(file.toUri(), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                };
                List<String> options = List.of("-g", "-parameters", "-proc:none", "-implicit:none", "-Xlint:none");
                JavacTask task = (JavacTask) javac.getTask(null, memory, diagnostics, options, null, List.of(unit));
                for (CompilationUnitTree tree : task.parse()) {
                    split(section, tree, source, Trees.instance(task).getSourcePositions(), imports, members, errors,
                            warnings, shownName);
                }
                if (generate) {
                    task.generate();
                }
            } catch (IOException | RuntimeException e) {
                errors.add(shownName + ": the compiler failed: " + e);
            }
        }
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(format(d, source, shownName));
            }
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        if (errors.isEmpty() && generate) {
            out.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        }
        return new Compilation(section, file, List.copyOf(errors), List.copyOf(warnings), Collections.unmodifiableMap(classes),
                List.copyOf(imports), List.copyOf(members));
    }

    private static StandardJavaFileManager standard;
    private static List<File> standardClassPath;

    /** One file manager for all compilations (it keeps the jars open and indexed): much faster from the second file on. */
    private static StandardJavaFileManager fileManager(JavaCompiler javac) throws IOException {
        List<File> classPath = Workbook.runtimeClassPath();
        if (standard == null || !classPath.equals(standardClassPath)) {
            if (standard != null) {
                standard.close();
            }
            standard = javac.getStandardFileManager(null, Locale.ENGLISH, StandardCharsets.UTF_8);
            standard.setLocation(StandardLocation.CLASS_PATH, classPath);
            standardClassPath = classPath;
        }
        return standard;
    }

    /**
     * The section's source with its members named in {@code names} (every overload of a function, a
     * nested class) replaced by those of the same names in {@code standIns}, a file declaring the
     * same class, whose imports are added too; null when either file does not parse or a name is
     * missing from the stand-ins. A check of one function then runs with the stand-in for another
     * function it calls, so that a mistake in that other function costs only that function's checks.
     */
    static String withStandIns(Section section, String source, String standIns, java.util.Set<String> names) {
        Parsed own = Parsed.of(section, source);
        Parsed given = Parsed.of(section, standIns);
        if (own == null || given == null) {
            return null;
        }
        StringBuilder replacement = new StringBuilder();
        for (String name : names) {
            List<long[]> ranges = given.ranges(name);
            if (ranges.isEmpty()) {
                return null;
            }
            for (long[] r : ranges) {
                replacement.append("\n    ").append(standIns, (int) r[0], (int) r[1]).append('\n');
            }
        }
        List<long[]> replaced = new ArrayList<>();
        names.forEach(n -> replaced.addAll(own.ranges(n)));
        replaced.sort((a, b) -> Long.compare(a[0], b[0]));
        StringBuilder s = new StringBuilder(source);
        long insertAt = replaced.isEmpty() ? own.classEnd - 1 : replaced.get(0)[0];
        for (int i = replaced.size() - 1; i >= 0; i--) {
            s.delete((int) replaced.get(i)[0], (int) replaced.get(i)[1]);
        }
        s.insert((int) insertAt, replacement);
        StringBuilder imports = new StringBuilder();
        given.imports.forEach(i -> imports.append(i).append('\n'));
        s.insert((int) own.classStart, imports);
        return s.toString();
    }

    /** A file's imports and the section class's members, with their places in the text. */
    private record Parsed(List<String> imports, List<Tree> members, CompilationUnitTree unit, SourcePositions positions,
                          String source, long classStart, long classEnd) {

        static Parsed of(Section section, String source) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                return null;
            }
            JavaFileObject file = new SimpleJavaFileObject(URI.create("mem:///" + section.className() + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            synchronized (SectionCompiler.class) {
                try {
                    JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none"), null, List.of(file));
                    for (CompilationUnitTree unit : task.parse()) {
                        SourcePositions positions = Trees.instance(task).getSourcePositions();
                        for (Tree t : unit.getTypeDecls()) {
                            if (t instanceof ClassTree c && c.getSimpleName().contentEquals(section.className())) {
                                List<String> imports = unit.getImports().stream()
                                        .map(i -> text(unit, i, source, positions).strip()).toList();
                                return new Parsed(imports, List.copyOf(c.getMembers()), unit, positions, source,
                                        positions.getStartPosition(unit, c), positions.getEndPosition(unit, c));
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    return null;
                }
            }
            return null;
        }

        /** Where the members called {@code name} are: every overload of a method, or a nested class. */
        List<long[]> ranges(String name) {
            List<long[]> ranges = new ArrayList<>();
            for (Tree m : members) {
                boolean named = m instanceof MethodTree method && method.getName().contentEquals(name)
                        || m instanceof ClassTree c && c.getSimpleName().contentEquals(name);
                long start = positions.getStartPosition(unit, m);
                long end = positions.getEndPosition(unit, m);
                if (named && start >= 0 && end > start) {
                    ranges.add(new long[] {start, end});
                }
            }
            return ranges;
        }
    }

    private static String readUtf8(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException("it is not UTF-8 text", e);
        }
    }

    /** Collects the imports and the members of the section's class, and checks the file's shape. */
    private static void split(Section section, CompilationUnitTree unit, String source, SourcePositions positions,
                              List<String> imports, List<Compilation.Member> members, List<String> errors,
                              List<String> warnings, String shownName) {
        if (unit.getPackageName() != null) {
            errors.add(shownName + ": remove the line 'package " + unit.getPackageName() + ";': workbook files are "
                    + "in the unnamed package, so that JShell can load them");
        }
        for (ImportTree i : unit.getImports()) {
            imports.add(text(unit, i, source, positions).strip());
        }
        ClassTree sectionClass = null;
        for (Tree t : unit.getTypeDecls()) {
            if (t instanceof ClassTree c && c.getSimpleName().contentEquals(section.className())) {
                sectionClass = c;
            }
        }
        if (sectionClass == null) {
            errors.add(shownName + ": must declare the class " + section.className()
                    + " (its functions and classes are what the checks call)");
            return;
        }
        String className = section.className();
        for (Tree member : sectionClass.getMembers()) {
            if (member instanceof MethodTree m && m.getName().contentEquals("<init>")) {
                continue;
            }
            if (member instanceof BlockTree) {
                warnings.add(shownName + ": JShell skips the initializer block at line " + line(unit, member, positions)
                        + "; put that code in a method");
                continue;
            }
            String name;
            ModifiersTree modifiers;
            if (member instanceof MethodTree m) {
                name = m.getName().toString();
                modifiers = m.getModifiers();
            } else if (member instanceof ClassTree c) {
                name = c.getSimpleName().toString();
                modifiers = c.getModifiers();
            } else if (member instanceof VariableTree v) {
                name = v.getName().toString();
                modifiers = v.getModifiers();
            } else {
                continue;
            }
            long start = positions.getStartPosition(unit, member);
            long end = positions.getEndPosition(unit, member);
            if (start < 0 || end < start) {
                continue;
            }
            StringBuilder snippet = new StringBuilder(source.substring((int) start, (int) end));
            long modStart = positions.getStartPosition(unit, modifiers);
            long modEnd = positions.getEndPosition(unit, modifiers);
            if (modStart >= start && modEnd > modStart && modEnd <= end) {
                String written = source.substring((int) modStart, (int) modEnd);
                snippet.replace((int) (modStart - start), (int) (modEnd - start),
                        TOP_LEVEL_MODIFIERS.matcher(written).replaceAll(""));
            }
            if (member instanceof VariableTree && snippet.charAt(snippet.length() - 1) != ';') {
                snippet.append(';');
            }
            String text = snippet.toString().stripLeading();
            if (text.contains(className + ".") || text.contains(className + "::")) {
                warnings.add(shownName + ": " + name + " (line " + line(unit, member, positions) + ") names "
                        + className + "; in JShell the members have no class around them, so call them by their simple "
                        + "names (" + className + "::f becomes x -> f(x))");
            }
            Compilation.Method method = null;
            if (member instanceof MethodTree m && m.getBody() != null) {
                long bodyStart = positions.getStartPosition(unit, m.getBody());
                long from = modEnd > modStart && modStart >= start ? modEnd : start;
                String signature = source.substring((int) from, (int) bodyStart).strip();
                method = new Compilation.Method(signature,
                        m.getParameters().stream().map(p -> p.getName().toString()).toList(),
                        m.getReturnType() instanceof PrimitiveTypeTree t && t.getPrimitiveTypeKind() == TypeKind.VOID);
            }
            members.add(new Compilation.Member(name, text, fromSection(modifiers), method));
        }
    }

    private static String fromSection(ModifiersTree modifiers) {
        for (AnnotationTree a : modifiers.getAnnotations()) {
            String type = a.getAnnotationType().toString();
            if ((type.equals("FromSection") || type.endsWith(".FromSection")) && a.getArguments().size() == 1) {
                ExpressionTree arg = a.getArguments().get(0);
                if (arg instanceof AssignmentTree assign) {
                    arg = assign.getExpression();
                }
                if (arg instanceof LiteralTree literal && literal.getValue() instanceof String s) {
                    return s;
                }
            }
        }
        return null;
    }

    private static String text(CompilationUnitTree unit, Tree tree, String source, SourcePositions positions) {
        long start = positions.getStartPosition(unit, tree);
        long end = positions.getEndPosition(unit, tree);
        return start < 0 || end < start ? tree.toString() : source.substring((int) start, (int) end);
    }

    private static long line(CompilationUnitTree unit, Tree tree, SourcePositions positions) {
        return unit.getLineMap().getLineNumber(positions.getStartPosition(unit, tree));
    }

    /** {@code exercises/Sec7_2.java:12: error: cannot find symbol}, then the source line and a caret, as javac prints. */
    private static String format(Diagnostic<? extends JavaFileObject> d, String source, String shownName) {
        String message = d.getMessage(Locale.ENGLISH);
        if (d.getLineNumber() == Diagnostic.NOPOS) {
            return shownName + ": error: " + message;
        }
        StringBuilder s = new StringBuilder(shownName).append(':').append(d.getLineNumber()).append(": error: ").append(message);
        String[] lines = source.split("\r?\n|\r", -1);
        int index = (int) d.getLineNumber() - 1;
        if (index >= 0 && index < lines.length) {
            s.append('\n').append(lines[index]);
            if (d.getColumnNumber() != Diagnostic.NOPOS) {
                s.append('\n').append(" ".repeat((int) Math.max(0, d.getColumnNumber() - 1))).append('^');
            }
        }
        return s.toString();
    }
}
