package d2l.workbook;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A section's class, loaded: its static functions and nested classes are reached by name, as the
 * checks and {@link Earlier} need, since the class is in the unnamed package and compiled apart
 * from the code calling it.
 *
 * <p>An exception thrown by the section's code reaches the caller unchanged (a
 * {@link NotImplementedYet} from a stub, a {@code TensorException} from a shape mistake).
 */
public final class LoadedSection {

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(
            boolean.class, Boolean.class, byte.class, Byte.class, short.class, Short.class, char.class, Character.class,
            int.class, Integer.class, long.class, Long.class, float.class, Float.class, double.class, Double.class);

    private final Workbook workbook;
    private final Section section;
    private final Class<?> type;

    LoadedSection(Workbook workbook, Section section, Class<?> type) {
        this.workbook = workbook;
        this.section = section;
        this.type = type;
    }

    /** The workbook the class was compiled from (null when it came from another class loader). */
    public Workbook workbook() {
        return workbook;
    }

    public Section section() {
        return section;
    }

    /** The section's class, e.g. {@code Sec7_2}. */
    public Class<?> type() {
        return type;
    }

    /** Where the section's file is, for messages. */
    public String shownName() {
        return workbook == null ? section.fileName() : workbook.shownName(section);
    }

    /** True when the class has a static method {@code name}. */
    public boolean hasFunction(String name) {
        return Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals(name)
                && Modifier.isStatic(m.getModifiers()));
    }

    /** Calls the static method {@code name} whose parameters accept {@code args}. */
    public Object call(String name, Object... args) {
        List<Method> candidates = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(name) && Modifier.isStatic(m.getModifiers()))
                .toList();
        for (Method m : candidates) {
            Object[] actual = fit(m, args);
            if (actual != null) {
                return invoke(m, actual);
            }
        }
        if (candidates.isEmpty()) {
            throw new WorkbookException(shownName() + " has no static method " + name + "(" + describe(args)
                    + "), which " + section.id() + " asks for");
        }
        throw new WorkbookException(shownName() + ": " + name + " does not take (" + describe(args) + "); it is declared as "
                + candidates.stream().map(LoadedSection::signature).collect(Collectors.joining(" and ")));
    }

    /** The nested class {@code simpleName} of the section's class, e.g. {@code Conv2D}. */
    public Class<?> nested(String simpleName) {
        for (Class<?> c : type.getDeclaredClasses()) {
            if (c.getSimpleName().equals(simpleName)) {
                return c;
            }
        }
        throw new WorkbookException(shownName() + " has no class " + simpleName + ", which " + section.id() + " asks for");
    }

    /** True when the section's class has a nested class {@code simpleName}. */
    public boolean hasClass(String simpleName) {
        return Arrays.stream(type.getDeclaredClasses()).anyMatch(c -> c.getSimpleName().equals(simpleName));
    }

    /** Creates an instance of the nested class {@code simpleName} with the constructor that accepts {@code args}. */
    public Object construct(String simpleName, Object... args) {
        Class<?> c = nested(simpleName);
        if (!Modifier.isStatic(c.getModifiers()) && !c.isInterface() && !c.isRecord() && !c.isEnum()) {
            throw new WorkbookException(shownName() + ": make " + simpleName + " a static class (it is created without an "
                    + section.className() + " around it)");
        }
        Constructor<?>[] constructors = c.getDeclaredConstructors();
        for (Constructor<?> k : constructors) {
            Object[] actual = fit(k, args);
            if (actual != null) {
                try {
                    k.setAccessible(true);
                    return k.newInstance(actual);
                } catch (InvocationTargetException e) {
                    throw rethrow(e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new WorkbookException(shownName() + ": cannot create " + simpleName + ": " + e, e);
                }
            }
        }
        throw new WorkbookException(shownName() + ": " + simpleName + " has no constructor taking (" + describe(args)
                + "); it has " + Arrays.stream(constructors).map(LoadedSection::signature).collect(Collectors.joining(" and ")));
    }

    /**
     * Calls the public method {@code name} of {@code target} whose parameters accept {@code args}
     * (a static method when {@code target} is a {@code Class}), as the grader's case files do with
     * the runtime's objects ({@code .forward(X)}, {@code .shape()}). Methods are looked up on the
     * public classes and interfaces of {@code target}, so {@code List.of(...).get(0)} works.
     */
    public static Object invoke(Object target, String name, Object... args) {
        boolean isStatic = target instanceof Class<?>;
        Class<?> type = isStatic ? (Class<?>) target : target.getClass();
        List<Method> candidates = new ArrayList<>();
        for (Class<?> c : accessibleTypes(type)) {
            for (Method m : c.getMethods()) {
                if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers()) == isStatic) {
                    candidates.add(m);
                }
            }
        }
        for (Method m : candidates) {
            Object[] actual = fit(m, args);
            if (actual != null) {
                try {
                    return m.invoke(isStatic ? null : target, actual);
                } catch (InvocationTargetException e) {
                    throw rethrow(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new WorkbookException("cannot call " + type.getSimpleName() + "." + name + ": " + e, e);
                }
            }
        }
        throw new WorkbookException(type.getSimpleName() + " has no " + (isStatic ? "static " : "") + "method " + name
                + "(" + describe(args) + ")" + (candidates.isEmpty() ? "" : "; it has "
                + candidates.stream().map(LoadedSection::signature).distinct().collect(Collectors.joining(" and "))));
    }

    /** Creates an instance of the public class {@code type} with the public constructor that accepts {@code args}. */
    public static Object create(Class<?> type, Object... args) {
        for (Constructor<?> k : type.getConstructors()) {
            Object[] actual = fit(k, args);
            if (actual != null) {
                try {
                    return k.newInstance(actual);
                } catch (InvocationTargetException e) {
                    throw rethrow(e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new WorkbookException("cannot create " + type.getSimpleName() + ": " + e, e);
                }
            }
        }
        throw new WorkbookException(type.getSimpleName() + " has no public constructor taking (" + describe(args) + ")");
    }

    /** {@code type} itself if it is public, else its nearest public superclasses and interfaces. */
    private static List<Class<?>> accessibleTypes(Class<?> type) {
        List<Class<?>> found = new ArrayList<>();
        java.util.ArrayDeque<Class<?>> pending = new java.util.ArrayDeque<>(List.of(type));
        while (!pending.isEmpty()) {
            Class<?> c = pending.poll();
            if (Modifier.isPublic(c.getModifiers()) && c.getModule().isExported(c.getPackageName())) {
                if (!found.contains(c)) {
                    found.add(c);
                }
                continue;
            }
            if (c.getSuperclass() != null) {
                pending.add(c.getSuperclass());
            }
            pending.addAll(List.of(c.getInterfaces()));
        }
        return found;
    }

    private Object invoke(Method m, Object[] args) {
        try {
            m.setAccessible(true);
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw rethrow(e.getCause());
        } catch (IllegalAccessException e) {
            throw new WorkbookException(shownName() + ": cannot call " + m.getName() + ": " + e, e);
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new WorkbookException(String.valueOf(cause), cause);
    }

    /** The arguments to pass if {@code e} accepts {@code args} (packing trailing varargs), else null. */
    private static Object[] fit(Executable e, Object[] args) {
        Class<?>[] params = e.getParameterTypes();
        if (params.length == args.length && accepts(params, args, params.length)) {
            return args;
        }
        if (e.isVarArgs() && args.length >= params.length - 1 && accepts(params, args, params.length - 1)) {
            Class<?> element = params[params.length - 1].getComponentType();
            int extra = args.length - (params.length - 1);
            Object array = java.lang.reflect.Array.newInstance(element, extra);
            for (int i = 0; i < extra; i++) {
                Object a = args[params.length - 1 + i];
                if (!acceptsOne(element, a)) {
                    return null;
                }
                java.lang.reflect.Array.set(array, i, element.isPrimitive() ? widen(element, a) : a);
            }
            Object[] packed = Arrays.copyOf(args, params.length);
            packed[params.length - 1] = array;
            return packed;
        }
        return null;
    }

    private static boolean accepts(Class<?>[] params, Object[] args, int count) {
        for (int i = 0; i < count; i++) {
            if (!acceptsOne(params[i], args[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean acceptsOne(Class<?> param, Object arg) {
        if (arg == null) {
            return !param.isPrimitive();
        }
        if (!param.isPrimitive()) {
            return param.isInstance(arg);
        }
        Class<?> box = arg.getClass();
        if (BOXES.get(param) == box) {
            return true;
        }
        // the widening conversions Method.invoke performs
        List<Class<?>> wider = switch (box.getSimpleName()) {
            case "Byte" -> List.of(short.class, int.class, long.class, float.class, double.class);
            case "Short" -> List.of(int.class, long.class, float.class, double.class);
            case "Character" -> List.of(int.class, long.class, float.class, double.class);
            case "Integer" -> List.of(long.class, float.class, double.class);
            case "Long" -> List.of(float.class, double.class);
            case "Float" -> List.of(double.class);
            default -> List.of();
        };
        return wider.contains(param);
    }

    private static Object widen(Class<?> primitive, Object value) {
        if (value instanceof Number n) {
            if (primitive == long.class) {
                return n.longValue();
            } else if (primitive == double.class) {
                return n.doubleValue();
            } else if (primitive == float.class) {
                return n.floatValue();
            } else if (primitive == int.class) {
                return n.intValue();
            }
        }
        return value;
    }

    private static String describe(Object[] args) {
        List<String> types = new ArrayList<>();
        for (Object a : args) {
            types.add(a == null ? "null" : a.getClass().isArray() ? a.getClass().getComponentType().getSimpleName() + "[]"
                    : unbox(a.getClass()).getSimpleName());
        }
        return String.join(", ", types);
    }

    private static Class<?> unbox(Class<?> c) {
        for (Map.Entry<Class<?>, Class<?>> e : BOXES.entrySet()) {
            if (e.getValue() == c) {
                return e.getKey();
            }
        }
        return c;
    }

    private static String signature(Executable e) {
        String params = Arrays.stream(e.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "));
        String name = e instanceof Constructor<?> ? e.getDeclaringClass().getSimpleName() : e.getName();
        return name + "(" + params + ")";
    }

    @Override
    public String toString() {
        return section.className() + " from " + shownName();
    }
}
