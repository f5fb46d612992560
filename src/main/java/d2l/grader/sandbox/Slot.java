package d2l.grader.sandbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * One of the machine's {@link Sandbox#SLOTS} sandbox slots, held by one submission's grading at a
 * time across every grader running on the machine: as root, slot {@code n} runs as user
 * {@code 61000 + n}, and {@link Sandbox#killLeftovers} kills every process of that user, so two
 * graders must never share a slot. Each slot is an exclusive lock on
 * {@code /tmp/d2l-grade-slots/<n>.lock} (see {@link #folder()}), a directory only this user may enter; the
 * operating system releases the lock when the JVM ends, however it ends.
 *
 * <p>The locks are POSIX record locks, which belong to the process, and closing any descriptor of a
 * file drops all of them on that file: so a slot this JVM holds is skipped without opening its file
 * again (opening and closing it would free it for other graders while still in use here).
 */
public final class Slot implements AutoCloseable {

    /** The slots this JVM holds. */
    private static final Set<Integer> HELD = new HashSet<>();

    private final int number;
    private final FileChannel channel;
    private final FileLock lock;

    private Slot(int number, FileChannel channel, FileLock lock) {
        this.number = number;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Where the slots' lock files are: {@code /tmp/d2l-grade-slots} wherever there is a {@code /tmp},
     * whatever {@code java.io.tmpdir} says. The sandbox users are the machine's, so every grader on
     * it must lock the same files; one started with its own {@code -Djava.io.tmpdir} once locked
     * others and handed out a slot in use.
     */
    static Path folder() {
        Path machineWide = Path.of("/tmp");
        Path base = Files.isDirectory(machineWide) ? machineWide : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("d2l-grade-slots");
    }

    /** The lowest free slot on this machine. */
    public static synchronized Slot take() throws IOException {
        Path dir = folder();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another grader made it meanwhile
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory: remove it, the grader keeps its sandbox slots there");
        }
        for (int n = 0; n < Sandbox.SLOTS; n++) {
            if (HELD.contains(n)) {
                continue;
            }
            FileChannel channel = FileChannel.open(dir.resolve(n + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    HELD.add(n);
                    return new Slot(n, channel, lock);
                }
            } catch (OverlappingFileLockException e) {
                throw new IllegalStateException("slot " + n + " is locked in this JVM but not recorded as held", e);
            }
            channel.close();
        }
        throw new IOException("all " + Sandbox.SLOTS + " sandbox slots of this machine are taken");
    }

    /** The slot's number, 0 to {@code Sandbox.SLOTS - 1}. */
    public int number() {
        return number;
    }

    @Override
    public void close() throws IOException {
        synchronized (Slot.class) {
            try {
                lock.release();
                channel.close();
            } finally {
                HELD.remove(number);
            }
        }
    }
}
