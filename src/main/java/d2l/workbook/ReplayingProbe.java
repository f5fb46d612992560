package d2l.workbook;

import java.util.List;

/**
 * The probe of a check's second run, the one that decides: it never runs student code, it hands the
 * check the observations the first run recorded, one by one in the same order, so the check
 * computes its expected values and compares them here, where the student's code cannot reach.
 */
public final class ReplayingProbe implements Probe {

    /** The recorded observations ran out or do not match the check: the student's process stopped early or sent something else. */
    public static final class ObservationMissing extends RuntimeException {
        ObservationMissing(String message) {
            super(message);
        }
    }

    private final List<Observation> observations;
    private int next;

    public ReplayingProbe(List<Observation> observations) {
        this.observations = List.copyOf(observations);
    }

    @Override
    public Object observe(String what, StudentCode code) {
        Observation o = next(what);
        if (o.kind() == Observation.Kind.PRINTED) {
            throw mismatch(what, o);
        }
        if (o.kind() != Observation.Kind.VALUE) {
            throw rethrow(o);
        }
        return decode(o);
    }

    @Override
    public String printed() {
        Observation o = next("what it printed");
        if (o.kind() != Observation.Kind.PRINTED || !(decode(o) instanceof String text)) {
            throw mismatch("what it printed", o);
        }
        return text;
    }

    private Observation next(String what) {
        if (next >= observations.size()) {
            throw new ObservationMissing("no observation of " + what + " came back from the submission's process");
        }
        Observation o = observations.get(next++);
        if (!o.what().equals(what)) {
            throw mismatch(what, o);
        }
        return o;
    }

    private static Object decode(Observation o) {
        try {
            return Observed.decode(o.payload());
        } catch (IllegalArgumentException e) {
            throw new ObservationMissing("the observation of " + o.what() + " cannot be read: " + e.getMessage());
        }
    }

    private static ObservationMissing mismatch(String what, Observation o) {
        return new ObservationMissing("expected an observation of " + what + ", the submission's process sent one of " + o.what());
    }

    /** The exception a recorded {@code THROWN} or {@code NOT_IMPLEMENTED} observation stands for. */
    public static RuntimeException rethrow(Observation o) {
        if (!(decode(o) instanceof List<?> parts) || parts.size() < 2 || !parts.stream().allMatch(p -> p instanceof String)) {
            return new ObservationMissing("the exception observed of " + o.what() + " cannot be read");
        }
        if (o.kind() == Observation.Kind.NOT_IMPLEMENTED) {
            return new NotImplementedYet((String) parts.get(0), (String) parts.get(1));
        }
        return new StudentException((String) parts.get(0), (String) parts.get(1), parts.size() > 2 ? (String) parts.get(2) : "");
    }
}
