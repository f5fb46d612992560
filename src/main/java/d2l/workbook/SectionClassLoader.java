package d2l.workbook;

import java.util.Map;

/**
 * Loads the classes of one compiled section. It defines them itself before asking its parent, so
 * that a class of the same name elsewhere on the class path (an IDE's build of {@code exercises/},
 * say) never takes the place of the file that was just compiled.
 */
final class SectionClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Workbook workbook;
    private final Section section;
    private final Map<String, byte[]> classes;

    SectionClassLoader(Workbook workbook, Section section, Map<String, byte[]> classes, ClassLoader parent) {
        super("workbook " + section.id(), parent);
        this.workbook = workbook;
        this.section = section;
        this.classes = classes;
    }

    Workbook workbook() {
        return workbook;
    }

    Section section() {
        return section;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
