// Two process-spawning calls the language server's worker pool needs that Swift's Glibc
// module hides (they sit behind _GNU_SOURCE): declared here, defined in spawn.c, which is
// compiled as plain C with the feature macro set. No system header is included here, so
// the Clang module of this header never sees a half-configured libc.
#ifndef GRADIENCE_CPROCESSSPAWN_H
#define GRADIENCE_CPROCESSSPAWN_H

/// A pipe whose two ends close on exec (pipe2 with O_CLOEXEC where it exists, else pipe
/// then FD_CLOEXEC on each end). Returns 0, or -1 with errno set.
int gradience_close_on_exec_pipe(int descriptors[2]);

/// Adds "close every descriptor from `lowest` up" to a posix_spawn file-actions object
/// (`posix_spawn_file_actions_t *`, glibc 2.34+). Returns 0, or an error number (ENOSYS
/// where the C library has no such action).
int gradience_spawn_actions_close_from(void *actions, int lowest);

#endif
