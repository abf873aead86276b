// Process start-up the Swift Glibc overlay cannot express: chdir between
// fork and exec (posix_spawn_file_actions_addchdir_np is not exported to
// Swift) and prctl (variadic, so not callable from Swift).
#define _GNU_SOURCE
#include "CProcessSupport.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t sv_spawn_in_new_group(const char *path, char *const argv[], char *const envp[],
                            const char *directory, const char *stdout_path, const char *stderr_path) {
    // A pipe with O_CLOEXEC tells the parent whether exec succeeded: it is
    // closed by a successful exec, or carries errno when anything failed.
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -errno;
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
