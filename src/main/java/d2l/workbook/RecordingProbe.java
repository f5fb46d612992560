package d2l.workbook;

import d2l.tensor.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The probe of a check's first run, next to the student's code (in the grader's sandbox, or in
 * JShell): it runs each observed piece of the student's code and records what came back. Its
 * verdicts count for nothing; the {@link ReplayingProbe} run decides.
 */
public final class RecordingProbe implements Probe {

    private static final int MAX_MESSAGE = 2_000;

    private final LoadedSection section;
    private final Supplier<String> printed;
    private final List<Observation> observations = new ArrayList<>();

    /**
     * @param section the student's loaded section
     * @param printed what the student's code printed so far in this check
     */
    public RecordingProbe(LoadedSection section, Supplier<String> printed) {
        this.section = section;
        this.printed = printed;
    }

    @Override
    public Object observe(String what, StudentCode code) {
        Generator.State before = Generator.global().getState();
        byte[] value;
        try {
            value = Observed.encode(code.run(section));
        } catch (Throwable t) {
            Observation thrown = thrown(what, t, section.section().fileName());
            synchronized (observations) {
                observations.add(thrown);
            }
            throw ReplayingProbe.rethrow(thrown);
        } finally {
            Generator.global().setState(before);
        }
        synchronized (observations) {
            observations.add(new Observation(what, Observation.Kind.VALUE, value));
        }
        return Observed.decode(value);
    }

    @Override
    public String printed() {
        String text = printed.get();
        synchronized (observations) {
            observations.add(new Observation("what it printed", Observation.Kind.PRINTED, Observed.encode(text)));
        }
        return text;
    }

    /** What was observed so far, in order. */
    public List<Observation> observations() {
        synchronized (observations) {
            return List.copyOf(observations);
        }
    }

    /** An exception from the student's code as an observation: a stub's, or any other with its type, message and line. */
    static Observation thrown(String what, Throwable t, String fileName) {
        if (t instanceof NotImplementedYet n) {
            return new Observation(what, Observation.Kind.NOT_IMPLEMENTED, Observed.encode(List.of(n.section(), n.what())));
        }
        String message = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof OutOfMemoryError && inTheRuntime(t)) {
            // the runtime names a tensor too large by itself (d2l.tensor.Memory); this is many tensors filling the heap
            message += " (the tensors being computed do not fit in the " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB heap: was a pooling layer or a stride left out, keeping the full input resolution, e.g. 224 x"
                    + " 224? Tensors kept for backward add up too: compute what needs no gradient inside GradMode.noGrad(...))";
        }
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        return new Observation(what, Observation.Kind.THROWN, Observed.encode(List.of(t.getClass().getSimpleName(), message,
                where(t, fileName))));
    }

    /** Whether {@code t} was thrown inside the tensor runtime (an operation's output), not by the student's own arrays. */
    private static boolean inTheRuntime(Throwable t) {
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().matches("d2l\\.(tensor|nn|kernels|autograd|models)\\..*");
    }

    /** The first place in the student's file on the exception's stack, e.g. {@code Sec7_2.java:40 (in corr2d)}. */
    private static String where(Throwable t, String fileName) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (fileName.equals(e.getFileName())) {
                String method = e.getMethodName();
                String in = method.equals("<init>") ? "a constructor" : method.equals("<clinit>") ? "a static initializer"
                        : method.startsWith("lambda$") ? "a lambda in " + method.split("\\$")[1] : method;
                return fileName + ":" + e.getLineNumber() + " (in " + in + ")";
            }
        }
        return "";
    }
}
