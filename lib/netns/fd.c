// SPDX-License-Identifier: MIT
/*
 * Network namespace fds: a new one, that of a process, and sockets
 * inside one. Network namespaces are per thread: the calling thread
 * goes there and back, and only that thread; where it could not come
 * back, a short-lived thread goes instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <pthread.h>
#include <stdbool.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libns/net.h"
#include "libns/netns.h"
#include "libns/nsfd.h"
#include "libns/proc.h"
#include "libns/base.h"

struct in_netns {
	int nsfd;	/* to enter, -1: unshare a new one */
	int domain, type, protocol; /* domain 0: no socket */
	int ret_fd;	/* the socket, or the new namespace */
	int err;
};

/* Do @t in the calling thread; true when that thread moved. */
static bool in_netns(struct in_netns *t)
{
	int fd;

	if (t->nsfd < 0) {
		if (unshare(CLONE_NEWNET) < 0) {
			t->err = ns_errno();
			return false;
		}
		fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	} else {
		if (setns(t->nsfd, CLONE_NEWNET) < 0) {
			t->err = ns_errno();
			return false;
		}
		fd = socket(t->domain, t->type | SOCK_CLOEXEC, t->protocol);
	}
	if (fd < 0)
		t->err = ns_errno();
	else
		t->ret_fd = fd;
	return true;
}

static void *in_netns_thread(void *arg)
{
	in_netns(arg);
	return NULL;
}

static int run_in_thread(struct in_netns *t)
{
	pthread_attr_t attr;
	pthread_t th;
	int r;

	/* a small stack: the thread makes two system calls */
	r = pthread_attr_init(&attr);
	if (r != 0)
		return -r;
	(void)pthread_attr_setstacksize(&attr, 64 * 1024);
	r = pthread_create(&th, &attr, in_netns_thread, t);
	pthread_attr_destroy(&attr);
	if (r != 0)
		return -r;
	pthread_join(th, NULL);
	return t->err;
}

/*
 * setns(2) into the namespace the thread is in checks what the way back
 * needs (CAP_SYS_ADMIN over the namespace's owner and in our own user
 * namespace; unshare(2) changes neither), so it is asked first. It
 * fails e.g. in a child user namespace that still shares its parent's
 * network namespace: there a thread goes, which saves no time but
 * leaves the caller where it is. (A thread costs more than the two
 * extra system calls.)
 */
static int run_in_netns(struct in_netns *t)
{
	int home, r = 0;

	t->ret_fd = -1;
	t->err = 0;
	home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0)
		return ns_errno();
	if (setns(home, CLONE_NEWNET) < 0) {
		ns_close(home);
		return run_in_thread(t);
	}
	if (in_netns(t) && setns(home, CLONE_NEWNET) < 0) {
		/* checked above: only a kernel out of memory gets here */
		r = ns_errno();
		t->ret_fd = ns_close(t->ret_fd);
	}
	ns_close(home);
	return r < 0 ? r : t->err;
}

int ns_netns_create(int *ret_nsfd)
{
	struct in_netns t = { .nsfd = -1 };
	int r = run_in_netns(&t);

	if (r < 0)
		return r;
	*ret_nsfd = t.ret_fd;
	return 0;
}

int ns_netns_socket(int nsfd, int domain, int type, int protocol,
		    int *ret_fd)
{
	struct in_netns t = { .nsfd = nsfd, .domain = domain, .type = type,
			      .protocol = protocol };
	int r;

	if (nsfd < 0)
		return -EBADF;
	r = run_in_netns(&t);
	if (r < 0)
		return r;
	*ret_fd = t.ret_fd;
	return 0;
}

int ns_netns_net_open(int nsfd, struct ns_net *ret_nl)
{
	int fd, r;

	r = ns_netns_socket(nsfd, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &fd);
	if (r < 0)
		return r;
	return ns_net_open_fd(fd, ret_nl);
}

/* Before Linux 6.9 a thread has no pidfd: by its process's. */
static int netns_of_thread(pid_t tid, int *ret_nsfd)
{
	int procfd, pidfd = -1, dirfd = -1, fd = -1, r;

	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return ns_errno();
	r = ns_proc_thread_pin(procfd, tid, &pidfd, &dirfd);
	ns_close(procfd);
	if (r < 0)
		return r;
	r = ns_fd_open_path(dirfd, "ns/net", &fd);
	if (r < 0)
		r = ns_err_gone(r) ? -ESRCH : r;
	else
		r = ns_proc_thread_alive(pidfd, dirfd);
	ns_close(dirfd);
	ns_close(pidfd);
	if (r < 0) {
		ns_close(fd);
		return r;
	}
	*ret_nsfd = fd;
	return 0;
}

int ns_netns_of_pid(pid_t pid, int *ret_nsfd)
{
	char path[NS_PATH_MAX];
	struct ns_id id;
	int pidfd, fd = -1, r;

	if (pid <= 0)
		return -ESRCH;
	r = ns_type_path(NS_TYPE_NET, 0, "/proc", pid, path, sizeof(path));
	if (r < 0)
		return r;
	/* a thread ID too, as ip takes it (a pidfd of the thread itself) */
	r = ns_proc_pidfd_open(pid, &pidfd);
	if (r == -EINVAL)
		return netns_of_thread(pid, ret_nsfd);
	if (r < 0)
		return r;
	r = ns_fd_open_path(AT_FDCWD, path, &fd);
	if (r < 0) {
		r = ns_err_gone(r) ? -ESRCH : r;
		goto out;
	}
	/* Still the process of the pidfd: the PID was not reused. */
	r = ns_proc_pidfd_exited(pidfd);
	if (r > 0)
		r = -ESRCH;
	if (r == 0)
		r = ns_fd_identify(fd, &id);
	if (r == 0 && id.type != NS_TYPE_NET)
		r = -EINVAL;
out:
	ns_close(pidfd);
	if (r < 0) {
		ns_close(fd);
		return r;
	}
	*ret_nsfd = fd;
	return 0;
}
