# SPDX-License-Identifier: MIT
"""The runner of the generated differential test (difftest).

Every command line runs twice, once with ours and once with the
reference, each time in a throwaway isolation made the same way: a
fork of the runner (which nstest.isolate() already moved into a mount
namespace of its own with its own /run/netns) that unshares a mount,
PID, UTS and IPC namespace (and for netns a network namespace), makes
/ private, mounts its own /proc, a tmpfs on the runner's work directory
(the FILE and DIR arguments live there, never on a system path) and on
/run/netns (or on /run: the "fresh" scene), and then, as PID 1 of its
PID namespace, makes the fixtures (FIXTURES below) in the same order,
so that their PIDs are the same in both runs. When PID 1 exits the
kernel ends every process of the isolation and drops its mounts:
nothing is left behind.

The results are normalised before they are compared (normalise()):
namespace inode numbers and namespace IDs become the fixture and the
namespace type they belong to ("T:net"), unknown ones NS1, NS2... in
order of appearance; our program names become the plain ones
(nstest.as_plain); the package and version in --version.
"""

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import traceback

import difftest_gen as gen
import nstest

REF_CACHE = os.environ.get("NSTOOLS_REFERENCE_CACHE",
                           "/var/cache/nstools-reference")
IP = "/sbin/ip" if os.path.exists("/sbin/ip") else "/usr/bin/ip"
# seconds one command line may take, scaled where the machine is slow
# (the kernel lane's emulated guests: nstest.TIME_SCALE)
TIMEOUT = 10 * nstest.TIME_SCALE
TOOL_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
            "/sbin:/bin", "HOME": "/root", "SHELL": "/bin/bash",
            "LC_ALL": "C", "USER": "root", "LOGNAME": "root"}
LINK_TYPES = ["mnt", "net", "uts", "ipc", "pid", "pid_for_children",
              "user", "cgroup", "time", "time_for_children"]
CLONE = nstest.CLONE_FLAGS
NEWUTS, NEWIPC = CLONE["uts"], CLONE["ipc"]
NS_FLAGS_T = (CLONE["mnt"] | NEWUTS | NEWIPC | CLONE["net"]
              | CLONE["cgroup"] | CLONE["pid"] | CLONE["time"])


class Tools:
    """Our four programs and the reference's argv prefixes."""

    def __init__(self, ours, reference_script):
        self.ours = ours  # {tool: path}
        res = subprocess.run([reference_script, "--fetch"],
                             capture_output=True, text=True,
                             stdin=subprocess.DEVNULL)
        if res.returncode not in (0,):
            raise SystemExit(f"difftest: util-linux 2.42 cannot be had: "
                             f"{res.stderr.strip()}")
        self.ref_version = res.stdout.split()[1]
        # the fetcher's exec line, made here: run by the fetcher (a
        # shell that forks before it execs) the reference would have
        # other PIDs than ours
        root = os.path.join(REF_CACHE, "root")
        triplet, loader = {
            "x86_64": ("x86_64-linux-gnu", "ld-linux-x86-64.so.2"),
            "aarch64": ("aarch64-linux-gnu", "ld-linux-aarch64.so.1"),
        }[os.uname().machine]
        lib = f"{root}/usr/lib/{triplet}"
        self.ref = {}
        for prog in ("lsns", "unshare", "nsenter"):
            path = next(f"{root}/{d}/{prog}" for d in
                        ("usr/bin", "usr/sbin", "bin", "sbin")
                        if os.access(f"{root}/{d}/{prog}", os.X_OK))
            self.ref[prog] = [f"{lib}/{loader}", "--library-path",
                              f"{lib}:{root}/lib/{triplet}", "--argv0",
                              prog, path]

    def help_text(self, tool):
        res = subprocess.run(self.ref[tool] + ["--help"], capture_output=True,
                             text=True, stdin=subprocess.DEVNULL)
        return res.stdout

    def argv(self, tool, args, ours):
        """(the program to run, its argv). Ours gets its own name as
        argv[0], as a user who runs it from PATH (getopt's messages
        start with argv[0]); ip netns monitor is line buffered (stdbuf:
        it is ended by a signal, with its output still in the buffer)."""
        if ours:
            path = self.ours[tool]
            return path, [os.path.basename(path), *args]
        if tool == "netns":
            opts = []
            while args and args[0] in ("-j", "--json", "-a", "--all"):
                opts.append("-j" if args[0] in ("-j", "--json") else "-all")
                args = args[1:]
            argv = [IP, *opts, "netns", *args]
            if "monitor" in args:
                argv = ["stdbuf", "-oL", *argv]
            return None, argv
        return None, self.ref[tool] + list(args)


def iproute2_version():
    """(major, minor) of ip, (0, 0) when there is none or it does not
    say."""
    try:
        res = subprocess.run([IP, "-V"], capture_output=True, text=True,
                             stdin=subprocess.DEVNULL)
    except OSError:
        return (0, 0)
    m = re.search(r"iproute2-(?:ss)?(\d+)\.(\d+)", res.stdout)
    return (int(m[1]), int(m[2])) if m else (0, 0)


# --- the fixtures, made by PID 1 of the isolation ----------------------

def _wait_line(fd):
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(fd, 256)
        if not chunk:
            raise RuntimeError("fixture died before it was ready")
        data += chunk
    return data.decode().split()


def _park():
    while True:
        signal.pause()


def make_target(workdir):
    """T: a process in new mnt, uts, ipc, net, cgroup, time and pid
    namespaces (PID 1 of its own), hostname nstest-target, cwd /tmp,
    holding a socket; returns (pid, socket fd)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            nstest.unshare(NS_FLAGS_T)
            g = os.fork()
            if g:
                os.close(w)
                os.waitpid(g, 0)
                os._exit(0)
            nstest.mount(None, "/", None, nstest.MS_REC | nstest.MS_PRIVATE)
            socket.sethostname("nstest-target")
            os.chdir("/tmp")
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            # /proc is the isolation's: /proc/self is our PID there
            os.write(w, f"{os.readlink('/proc/self')} {s.fileno()}\n"
                     .encode())
            os.close(w)
            _park()
        finally:
            os._exit(1)
    os.close(w)
    t, sock = (int(x) for x in _wait_line(r))
    os.close(r)
    return t, sock


def make_user_target():
    """TU: a process in a new user namespace mapping 0-65535 to
    100000-165535."""
    r, w = os.pipe()
    r2, w2 = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            os.close(w2)
            nstest.unshare(CLONE["user"])
            os.write(w, b"1\n")
            os.read(r2, 1)
            _park()
        finally:
            os._exit(1)
    os.close(w)
    os.close(r2)
    _wait_line(r)
    for name in ("uid_map", "gid_map"):
        with open(f"/proc/{pid}/{name}", "w") as f:
            f.write("0 100000 65536\n")
    os.write(w2, b"1")
    os.close(w2)
    os.close(r)
    return pid


def make_netns_holder():
    """P: a process in a network namespace of its own."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            nstest.unshare(CLONE["net"])
            os.write(w, b"1\n")
            _park()
        finally:
            os._exit(1)
    os.close(w)
    _wait_line(r)
    os.close(r)
    return pid


def bind_new_netns(path):
    """A new network namespace, bound on PATH (created), no process."""
    pid = make_netns_holder()
    with open(path, "w"):
        pass
    if nstest._libc.mount(f"/proc/{pid}/ns/net".encode(), os.fsencode(path),
                          None, nstest.MS_BIND, None):
        raise OSError(nstest.ctypes.get_errno(), f"bind {path!r}")
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def setup_run(scene):
    """/run/netns of SCENE: "fresh": none (a tmpfs on /run); else a tmpfs
    made a shared mount point, as ip leaves it."""
    if scene == "fresh":
        nstest.mount_tmpfs("/run", "nstest-run")
        return
    if not os.path.isdir("/run/netns"):
        nstest.mount_tmpfs("/run", "nstest-run")
        os.mkdir("/run/netns", 0o755)
    nstest.mount_tmpfs("/run/netns", "nstest-netns")
    nstest.mount(None, "/run/netns", None, nstest.MS_SHARED)


def setup_names(scene):
    names = []
    if scene in ("default", "odd"):
        bind_new_netns("/run/netns/nstest-a")
        subprocess.run([IP, "netns", "set", "nstest-a", "41"], check=True,
                       stdin=subprocess.DEVNULL)
        names.append("nstest-a")
    if scene == "default":
        bind_new_netns("/run/netns/nstest-b")
        names.append("nstest-b")
    if scene == "odd":
        with open("/run/netns/nstest-stale", "w"):
            pass
        bind_new_netns(b"/run/netns/nstest-\xff".decode("utf-8",
                                                        "surrogateescape"))
    return names


def fixtures(case, workdir):
    """Make the fixtures of CASE; returns (placeholders, roles) where
    roles maps inode numbers and namespace IDs to names."""
    for name, content in (("empty", ""), ("full", "nstest\n")):
        with open(os.path.join(workdir, name), "w") as f:
            f.write(content)
    os.mkdir(os.path.join(workdir, "d"))
    socket.sethostname("nstest-difftest")
    setup_run(case["scene"])
    fill = {"DIR": workdir}
    procs = [("I", 1)]
    tool = case["tool"]
    if tool in ("lsns", "nsenter"):
        t, sock = make_target(workdir)
        fill.update(T=str(t), T_SOCK=str(sock))
        procs += [("T", t), ("TU", make_user_target())]
    if tool == "lsns":
        bind_new_netns("/run/netns/nstest-p")
    if tool == "netns":
        p = make_netns_holder()
        fill["P"] = str(p)
        procs.append(("P", p))
        for name in setup_names(case["scene"]):
            procs.append((name, None))
    roles = {}
    for role, pid in procs:
        for t in LINK_TYPES:
            path = (f"/proc/{pid}/ns/{t}" if pid else f"/run/netns/{role}")
            if not pid and t != "net":
                continue
            try:
                ino = os.stat(path).st_ino
            except OSError:
                continue
            base = t.replace("_for_children", "")
            roles.setdefault(ino, f"{role}:{base}")
            nsid = nstest.ns_get_id(path)
            if nsid and nsid >= 1000:
                roles.setdefault(nsid, f"ID({role}:{base})")
            if role == "T":
                fill[f"T_INO_{base}"] = str(ino)
                fill[f"T_ID_{base}"] = str(nsid or 0)
    return fill, roles


# --- running and normalising -------------------------------------------

def substitute(argv, fill):
    def one(a):
        return re.sub(r"\{(\w+)\}", lambda m: fill.get(m[1], m[0]), a)
    return [one(a) for a in argv]


_NS_NUMBER = re.compile(r"(?<![\d.])4026\d{6}(?![\d.])")
_VERSION = re.compile(r"(?m)^(\S+) from (?:util-linux|nstools) \S+$")


def normalise(text, roles, ids):
    unknown = {}

    def one(m):
        n = int(m[0])
        return roles.get(n) or unknown.setdefault(n, f"NS{len(unknown) + 1}")
    text = _NS_NUMBER.sub(one, text)
    for nsid in ids:
        text = re.sub(rf"(?<!\d){nsid}(?!\d)", roles[nsid], text)
    text = _VERSION.sub(r"\1 from PACKAGE VERSION", text)
    # the PIDs of processes the tools make (fixtures' are the same)
    text = re.sub(r"/proc/[1-9]\d*/", "/proc/PID/", text)
    return text


def run_action(case, proc):
    """What happens while a monitor runs: an add or a delete by ip."""
    # long enough for a loaded machine: the monitor must be listening
    time.sleep(1 * nstest.TIME_SCALE)
    if case["action"] == "add":
        subprocess.run([IP, "netns", "add", "nstest-m"],
                       capture_output=True, stdin=subprocess.DEVNULL)
    else:
        subprocess.run([IP, "netns", "delete", "nstest-a"],
                       capture_output=True, stdin=subprocess.DEVNULL)
    time.sleep(1 * nstest.TIME_SCALE)
    proc.send_signal(signal.SIGTERM)


def execute(program, argv, case, cwd):
    stdin = subprocess.DEVNULL if case["action"] else subprocess.PIPE
    proc = subprocess.Popen(argv, executable=program, stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=TOOL_ENV, cwd=cwd)
    if case["action"]:
        run_action(case, proc)
        out, err = proc.communicate(timeout=TIMEOUT)
    else:
        try:
            out, err = proc.communicate(case["stdin"].encode(),
                                        timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            return "timeout", out, err
    rc = proc.returncode
    return (str(rc) if rc >= 0 else f"signal {-rc}"), out, err


def inside(tools, case, sides, workdir):
    """PID 1 of the isolation: fixtures, the tool once for each of
    SIDES (True: ours), the normalised results."""
    nstest.mount(None, "/", None, nstest.MS_REC | nstest.MS_PRIVATE)
    nstest.mount("proc", "/proc", "proc",
                 nstest.MS_NOSUID | nstest.MS_NODEV | nstest.MS_NOEXEC)
    nstest.mount("nstest-difftest", workdir, "tmpfs",
                 nstest.MS_NOSUID | nstest.MS_NODEV, "size=4m,mode=755")
    fill, roles = fixtures(case, workdir)
    ids = sorted((k for k in roles if k < 4026000000),
                 key=lambda k: -len(str(k)))
    results = []
    for ours in sides:
        program, argv = tools.argv(case["tool"],
                                   substitute(case["argv"], fill), ours)
        status, out, err = execute(program, argv, case, workdir)
        nstest.reap_zombies()  # orphans of a tool (we are PID 1)
        res = {}
        for key, raw in (("stdout", out), ("stderr", err)):
            text = raw.decode("utf-8", "backslashreplace")
            if ours:
                text = nstest.as_plain(text)
            res[key] = normalise(text, roles, ids)
        res["status"] = status
        results.append(res)
    return results


def _write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def isolated(tools, case, sides, workdir):
    """Run CASE with ours or the reference (SIDES: a list, True for
    ours) in a throwaway isolation; [{status, stdout, stderr}] of
    each."""
    r, w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            flags = (CLONE["mnt"] | CLONE["pid"] | NEWUTS | NEWIPC
                     | (CLONE["net"] if case["tool"] == "netns" else 0))
            nstest.unshare(flags)
            init = os.fork()
            if init:
                os.close(w)
                os.waitpid(init, 0)
                os._exit(0)
            res = inside(tools, case, sides, workdir)
        except BaseException:  # noqa: B036 -- reported to the runner
            res = [{"error": traceback.format_exc()}] * len(sides)
        _write_all(w, json.dumps(res).encode())
        os._exit(0)
    os.close(w)
    chunks = []
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(r)
    os.waitpid(pid, 0)
    data = b"".join(chunks)
    if not data:
        return [{"error": "the isolation died without a result"}] * len(
            sides)
    return json.loads(data)


def command_line(case):
    scene = "" if case["scene"] == "default" else f"[{case['scene']}] "
    action = f" [while: {case['action']}]" if case["action"] else ""
    argv = case["argv"]
    probe = argv[-len(gen.PROBE):] == gen.PROBE
    line = shlex.join(argv[:-len(gen.PROBE)] if probe else argv)
    line += " PROBE" if probe else ""
    return f"{scene}{case['tool']} {line}".strip() + action
