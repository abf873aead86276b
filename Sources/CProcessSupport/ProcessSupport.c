// Process start-up the Swift Glibc overlay cannot express: chdir between
// fork and exec (posix_spawn_file_actions_addchdir_np is not exported to
// Swift), prctl (variadic, so not callable from Swift), and a watchdog
// process that must only make async-signal-safe calls after fork.
#define _GNU_SOURCE
#include "CProcessSupport.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int watchdog_pipe = -1;
static pthread_mutex_t watchdog_lock = PTHREAD_MUTEX_INITIALIZER;

pid_t sv_spawn_in_new_group(const char *path, char *const argv[], char *const envp[],
                            const char *directory, const char *stdout_path, const char *stderr_path) {
    // A pipe with O_CLOEXEC tells the parent whether exec succeeded: it is
    // closed by a successful exec, or carries errno when anything failed.
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -errno;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(report[0]);
        close(report[1]);
        return -saved;
    }
    if (pid == 0) {
        // Only async-signal-safe calls from here to exec.
        int error = 0;
        if (setpgid(0, 0) != 0) error = errno;
        // Killed with the runner (or rather with the thread that forked it:
        // the runner keeps that thread until the connector is stopped). If the
        // runner died before prctl took effect, the parent is already another.
        if (!error && prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) error = errno;
        if (!error && getppid() != parent) _exit(127);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int number = 1; number < 32; number++) {
            if (number != SIGKILL && number != SIGSTOP) signal(number, SIG_DFL);
        }
        int in = open("/dev/null", O_RDONLY);
        int out = open(stdout_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
        int err = open(stderr_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (!error && (in < 0 || out < 0 || err < 0)) error = errno;
        if (!error && (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)) error = errno;
        if (!error && chdir(directory) != 0) error = errno;
        if (!error) {
            execve(path, argv, envp);
            error = errno;
        }
        ssize_t ignored = write(report[1], &error, sizeof error);
        (void)ignored;
        _exit(127);
    }
    close(report[1]);
    int error = 0;
    ssize_t got;
    do {
        got = read(report[0], &error, sizeof error);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof error && error != 0) {
        int status;
        waitpid(pid, &status, 0);
        return -error;
    }
    return pid;
}

int sv_become_subreaper(void) {
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) return -errno;
    return 0;
}

// The watchdog: one process per runner, outside every connector's group,
// holding the read end of a pipe whose only write end is the runner's
// (O_CLOEXEC, so no connector inherits it). The runner writes +group when it
// starts a connector and -group once that group is gone. When the runner dies,
// however it dies (SIGKILL included), the pipe reads end-of-file and the
// watchdog SIGKILLs every group still listed: the connectors' own children
// too, which a parent-death signal on the leader alone would leave behind.
#define SV_WATCHDOG_GROUPS 4096

static void watchdog_main(int input) {
    for (int number = 1; number < 32; number++) {
        if (number != SIGKILL && number != SIGSTOP) signal(number, SIG_IGN);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (input != 3) {
        dup2(input, 3);
        close(input);
    }
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        if (null > 3) close(null);
    }
    // Every other descriptor (the runner's sockets, files, other pipes) closed.
    if (syscall(SYS_close_range, 4, ~0U, 0) != 0) {
        for (int fd = 4; fd < 65536; fd++) close(fd);
    }
    pid_t groups[SV_WATCHDOG_GROUPS];
    int count = 0;
    int32_t message;
    while (1) {
        ssize_t got = read(3, &message, sizeof message);
        if (got < 0 && errno == EINTR) continue;
        if (got != (ssize_t)sizeof message) break;
        if (message > 0 && count < SV_WATCHDOG_GROUPS) {
            groups[count++] = message;
        } else if (message < 0) {
            for (int i = 0; i < count; i++) {
                if (groups[i] == -message) {
                    groups[i] = groups[--count];
                    break;
                }
            }
        }
    }
    for (int i = 0; i < count; i++) kill(-groups[i], SIGKILL);
    _exit(0);
}

int sv_watchdog_start(void) {
    pthread_mutex_lock(&watchdog_lock);
    if (watchdog_pipe >= 0) {
        pthread_mutex_unlock(&watchdog_lock);
        return 0;
    }
    int channel[2];
    if (pipe2(channel, O_CLOEXEC) != 0) {
        int saved = errno;
        pthread_mutex_unlock(&watchdog_lock);
        return -saved;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(channel[0]);
        close(channel[1]);
        pthread_mutex_unlock(&watchdog_lock);
        return -saved;
    }
    if (pid == 0) {
        close(channel[1]);
        watchdog_main(channel[0]);
    }
    close(channel[0]);
    watchdog_pipe = channel[1];
    pthread_mutex_unlock(&watchdog_lock);
    return 0;
}

static int watchdog_send(int32_t message) {
    pthread_mutex_lock(&watchdog_lock);
    int fd = watchdog_pipe;
    pthread_mutex_unlock(&watchdog_lock);
    if (fd < 0) return -EBADF;
    ssize_t written;
    do {
        written = write(fd, &message, sizeof message);
    } while (written < 0 && errno == EINTR);
    return written == (ssize_t)sizeof message ? 0 : -errno;
}

int sv_watchdog_guard(pid_t group) { return watchdog_send((int32_t)group); }

int sv_watchdog_release(pid_t group) { return watchdog_send(-(int32_t)group); }
