package dev.postern.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Short-lived commands with a time limit, and long-lived daemons that end with all their children. */
public final class Processes {

    private Processes() {
    }

    /**
     * Runs a command to its end and returns what it printed on stdout. Fails, quoting stdout and stderr, on a
     * non-zero exit or when it outlives {@code timeout} (it is then killed with all its children).
     */
    public static String run(Duration timeout, byte[] stdin, List<String> command) {
        String shown = "`" + String.join(" ", command) + "`";
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("postern-command-", ".out");
            err = Files.createTempFile("postern-command-", ".err");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                            : ProcessBuilder.Redirect.PIPE)
                    .start();
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin);
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process, Duration.ZERO);
                throw new IllegalStateException(shown + " did not finish within " + timeout.toSeconds() + " s"
                        + printed(out, err));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(shown + " exited with " + process.exitValue() + printed(out, err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + shown, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + shown, e);
        } finally {
            for (Path file : new Path[] {out, err}) {
                if (file != null) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // a leftover file in /tmp is not worth failing a test for
                    }
                }
            }
        }
    }

    private static String printed(Path out, Path err) throws IOException {
        return "; stdout:\n" + Files.readString(out, StandardCharsets.UTF_8) + "\nstderr:\n"
                + Files.readString(err, StandardCharsets.UTF_8);
    }

    public static String run(Duration timeout, String... command) {
        return run(timeout, null, List.of(command));
    }

    /** Starts a daemon that stays in the foreground, its output appended to {@code log}. */
    public static Process start(Path log, List<String> command) {
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start `" + String.join(" ", command) + "`", e);
        }
    }

    /**
     * Asks processes to end (SIGTERM), all at once, waits up to {@code grace} for them and their descendants, then
     * kills whatever is left (SIGKILL). Descendants are noted before the signal: once a parent is gone they would no
     * longer be found through it.
     */
    public static void kill(List<ProcessHandle> processes, Duration grace) {
        List<ProcessHandle> family = new ArrayList<>();
        for (ProcessHandle process : processes) {
            family.add(process);
            family.addAll(process.descendants().toList());
        }
        processes.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            // Children of a daemon end on their own once it is gone; give them the rest of the grace to do so.
            while (family.stream().anyMatch(Processes::running) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                for (ProcessHandle process : processes) {
                    family.addAll(process.descendants().toList());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        family.stream().filter(Processes::running).forEach(ProcessHandle::destroyForcibly);
    }

    public static void kill(ProcessHandle process, Duration grace) {
        kill(List.of(process), grace);
    }

    /**
     * Kills (SIGKILL) every process in the group that {@code leader} leads (it was started through {@code setsid}),
     * including children it is forking at this very moment, which a list of descendants could miss.
     */
    public static void killGroup(Process leader) {
        try {
            new ProcessBuilder("/bin/kill", "-KILL", "--", "-" + leader.pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run /bin/kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill(leader, Duration.ZERO);
    }

    /**
     * Alive and not a zombie. A daemon's child that outlives it is handed to PID 1, which may be slow to reap it;
     * until then {@link ProcessHandle#isAlive()} still says yes.
     */
    public static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    public static void kill(Process process, Duration grace) {
        kill(process.toHandle(), grace);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
