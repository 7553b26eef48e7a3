// SPDX-License-Identifier: MIT
/*
 * lsns-spawn - run one command and measure it, for bench/lsns/run.
 *
 *   lsns-spawn PROG [ARG]...
 *
 * Runs PROG with stdin and stdout on /dev/null (stderr is inherited),
 * times fork-to-reap with CLOCK_MONOTONIC and takes the peak RSS from
 * wait4(2). Prints one line on stdout:
 *
 *   wall=SECONDS maxrss=KIB status=N cpu=SECONDS
 *
 * (N is the exit code, or 128 + the signal; cpu is the user and system
 * time of the program and its threads, from the same rusage). Exit status 0 unless the
 * measurement itself failed.
 *
 * Why not measure straight from Python: execve(2) folds the high-water
 * RSS of the mm it replaces into the rusage of the new program, and the
 * mm of a child forked (or vforked) by Python is Python's, some 10 MB.
 * This program is small, so what it leaves in the figure is noise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROG "lsns-spawn"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	int null_fd, status;
	double t0, t1;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "Usage: %s PROG [ARG]...\n", PROG);
		return 2;
	}
	null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null_fd < 0) {
		fprintf(stderr, "%s: /dev/null: %s\n", PROG, strerror(errno));
		return 1;
	}

	t0 = now();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "%s: fork: %s\n", PROG, strerror(errno));
		return 1;
	}
	if (pid == 0) {
		if (dup2(null_fd, STDIN_FILENO) < 0 ||
		    dup2(null_fd, STDOUT_FILENO) < 0)
			_exit(127);
		execv(argv[1], argv + 1);
		fprintf(stderr, "%s: %s: %s\n", PROG, argv[1], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "%s: wait4: %s\n", PROG,
				strerror(errno));
			return 1;
		}
	}
	t1 = now();

	printf("wall=%.6f maxrss=%ld status=%d cpu=%.6f\n", t1 - t0,
	       ru.ru_maxrss,
	       WIFEXITED(status) ? WEXITSTATUS(status) :
				   128 + WTERMSIG(status),
	       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
		       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) /
			       1e6);
	return 0;
}
