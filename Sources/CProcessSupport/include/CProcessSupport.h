#ifndef SV_PROCESS_SUPPORT_H
#define SV_PROCESS_SUPPORT_H

#include <sys/types.h>

/// Starts `path` with `argv` and `envp` (NULL-terminated) in a new process
/// group, in `directory`, with stdin from /dev/null and stdout/stderr
/// appended to the given files, and every signal back at its default.
/// The child gets SIGKILL when the forking thread ends (PR_SET_PDEATHSIG),
/// so it must be stopped by the thread that started it.
/// Returns the child's pid, or -errno.
pid_t sv_spawn_in_new_group(const char *path, char *const argv[], char *const envp[],
                            const char *directory, const char *stdout_path, const char *stderr_path);

/// Makes the calling process a child subreaper (Linux): orphaned descendants
/// are re-parented to it instead of init. Returns 0 or -errno.
int sv_become_subreaper(void);

/// Starts the runner's watchdog once (later calls do nothing): a process
/// that SIGKILLs every guarded process group when the runner dies, however
/// it dies. Returns 0 or -errno.
int sv_watchdog_start(void);

/// Asks the watchdog to kill `group` if the runner dies. 0 or -errno.
int sv_watchdog_guard(pid_t group);

/// The group is gone: the watchdog forgets it. 0 or -errno.
int sv_watchdog_release(pid_t group);

#endif
