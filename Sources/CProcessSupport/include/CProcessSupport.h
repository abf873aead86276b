#ifndef SV_PROCESS_SUPPORT_H
#define SV_PROCESS_SUPPORT_H

#include <sys/types.h>

/// Starts `path` with `argv` and `envp` (NULL-terminated) in a new process
/// group, in `directory`, with stdin from /dev/null and stdout/stderr
/// appended to the given files, and every signal back at its default.
/// Returns the child's pid, or -errno.
pid_t sv_spawn_in_new_group(const char *path, char *const argv[], char *const envp[],
                            const char *directory, const char *stdout_path, const char *stderr_path);

/// Makes the calling process a child subreaper (Linux): orphaned descendants
/// are re-parented to it instead of init. Returns 0 or -errno.
int sv_become_subreaper(void);

#endif
