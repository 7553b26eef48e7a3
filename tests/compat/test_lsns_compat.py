# SPDX-License-Identifier: MIT
"""Differential tests: our lsns against util-linux lsns 2.42 and 2.38.

The target is util-linux 2.42. Debian 12 ships 2.38, so 2.42 comes from
tests/reference/util-linux-2.42 ($NSTOOLS_REFERENCE): Debian's own
build, fetched once into a cache (with a lock, so parallel runs fetch
once). Every case is compared with 2.42: same exit status, same stderr,
same stdout, where raw (-r) and JSON output must be identical byte for
byte and tables identical once white space is normalised (2.42 has its
own libsmartcols, which sizes columns otherwise than Debian 12's).
When the reference cannot be had (no network), these comparisons are
skipped with the reason, never failed.

2.38 is asked only what 2.42 cannot show: the exact layout our
libsmartcols (Debian 12's, as 2.38's) gives. Where the normalised
output of 2.38 is ours, the bytes must be too; where 2.38 says
something else, 2.42 has the word.

The comparison runs in a private PID and mount namespace (util-linux
unshare --pid --fork --mount-proc), so the only processes the tools can
see are this harness, its fixture and the tool itself, and the nsfs
mounts of the host are detached there: all tools see the same world.
Should a stray process still change something between two runs, the
case is run again (three tries) before it counts as a difference.

Deliberate differences from 2.42 are tested as such in DeviationTest.
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ.get("NSTOOLS_SOURCE_ROOT", ""),
                                "tests", "pylib"))
import nstest  # noqa: E402
from nstest import LSNS, NsTestCase, run  # noqa: E402

REF = os.environ.get("NSTOOLS_REF_LSNS", "/usr/bin/lsns")
REFERENCE = os.environ.get("NSTOOLS_REFERENCE", "")
UNSHARE = "/usr/bin/unshare"
INNER = "NSTOOLS_COMPAT_INNER"
# set by the outer run for the inner one: why 2.42 cannot be had
NO_REF42 = "NSTOOLS_COMPAT_NO_REF42"
TRIES = 3
# in /tmp names: unique across test programs that run at the same time,
# each of which may be pid 1 of a pid namespace of its own
UNIQUE = f"{os.getpid()}-{os.urandom(4).hex()}"


def ref_version():
    res = run([REF, "--version"])
    return res.stdout.strip()


def fetch_reference():
    """Fetch 2.42 (once, the script locks). None or why not."""
    if not REFERENCE or not os.access(REFERENCE, os.X_OK):
        return f"no reference fetcher ({REFERENCE or 'NSTOOLS_REFERENCE unset'})"
    try:
        res = run([REFERENCE, "--fetch"], timeout=1800)
    except subprocess.TimeoutExpired:
        return "fetching it timed out"
    if res.returncode != 0:
        lines = res.stderr.strip().splitlines()
        return (lines[-1] if lines else f"exit status {res.returncode}")
    print(f"reference: {res.stdout.strip()}")
    return None


def ref42(args):
    return run([REFERENCE, "lsns", *args])


def normalize_ws(text):
    """A table without its layout: single spaces, no trailing ones."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def layout_free(text, args):
    """What must be identical whichever libsmartcols draws it."""
    if not isinstance(text, str) or "-r" in args or "--raw" in args or "-J" in args or "--json" in args:
        return text
    return normalize_ws(text)


def normalize_json(text):
    try:
        return json.dumps(json.loads(text), indent=3)
    except ValueError:
        return text


def detach_nsfs_mounts():
    """Drop the host's nsfs mounts from our private mount namespace.

    They keep namespaces of the host alive that no process of ours is
    in; other work on the machine adds and removes them at any time.
    """
    with open("/proc/self/mountinfo") as f:
        points = [line.split()[4] for line in f
                  if line.split(" - ", 1)[1].startswith("nsfs ")]
    for point in reversed(points):
        subprocess.run(["umount", "-l", point], check=False,
                       stderr=subprocess.DEVNULL)


class Fixture:
    """Namespaces of every kind, parked for the whole suite."""

    holders = []

    @classmethod
    def start(cls, orphans=True):
        """orphans: also namespaces no process is in (2.38 cannot see
        those kept by an fd or a socket only)."""
        def hold(*args):
            h = nstest.Holder(*args)
            cls.holders.append(h)
            return h

        cls.uts_ipc = hold("-t", "uts,ipc", "-c", "2")
        cls.tree = hold("-t", "ipc", "-c", "1", "-x", "uts")
        cls.userpid = hold("-t", "user,pid,uts", "-r", "-c", "2", "-x", "net")
        cls.nobody = hold("-u", "65534", "-t", "user,pid,mnt", "-r", "-c", "1")
        cls.net = hold("-t", "net,mnt", "-c", "1")
        cls.cgroup = hold("-t", "cgroup,uts")
        if "time" in nstest.available_types():
            cls.time = hold("-t", "time", "-c", "1")
        cls.netns_file = f"/tmp/nstest-compat-{UNIQUE}-net"
        # more ways to reach a namespace that has processes: NSFS, two
        # mount points so that the cell has two lines
        cls.netns_file2 = cls.netns_file + "2"
        cls.mounts = [(cls.netns_file, f"/proc/{cls.net.pid}/ns/net"),
                      (cls.netns_file2, f"/proc/{cls.net.pid}/ns/net")]
        if orphans:
            # held by an fd, by a socket; a user namespace (made by
            # root) with a net namespace that a bind mount keeps
            cls.fd_holder = hold("-F", "-S")
            gone = nstest.Holder("-t", "user,net,uts")
            cls.orphan_user, cls.orphan_net = gone.ns("user"), gone.ns("net")
            cls.mounts.append((cls.netns_file + "-orphan",
                               f"/proc/{gone.pid}/ns/net"))
        for path, source in cls.mounts:
            with open(path, "w"):
                pass
            subprocess.run(["mount", "--bind", source, path], check=True)
        if orphans:
            gone.close()

    @classmethod
    def stop(cls):
        for path, _ in cls.mounts:
            subprocess.run(["umount", path], check=False)
            os.unlink(path)
        cls.mounts = []
        for h in reversed(cls.holders):
            h.close()
        cls.holders = []


def cases():
    """(name, argv) pairs; argv may use fixture attributes lazily."""
    F = Fixture
    return [
        ("default", []),
        ("list", ["-l"]),
        ("json", ["-J"]),
        ("json_list", ["-J", "-l"]),
        ("raw", ["-r"]),
        ("raw_list", ["-r", "-l"]),
        ("noheadings", ["-n"]),
        ("notruncate", ["-u"]),
        ("nowrap", ["-W"]),
        ("type_net", ["-t", "net"]),
        ("type_net_nowrap", ["-t", "net", "-W"]),
        ("type_net_raw", ["-t", "net", "-r"]),
        ("type_net_columns", ["-t", "net", "-o", "NS,NSFS,NPROCS"]),
        ("type_user", ["-t", "user"]),
        ("type_pid_user", ["-t", "pid", "-t", "user"]),
        ("type_repeated", ["-t", "uts", "-t", "uts"]),
        # NETNSID and NSFS whenever net is among the types (issue 16)
        ("type_net_uts", ["-t", "net", "-t", "uts"]),
        ("type_uts_net_list", ["-t", "uts", "-t", "net", "-l"]),
        ("type_user_net_pid_raw", ["-t", "user", "-t", "net", "-t", "pid",
                                   "-r"]),
        ("output", ["-o", "NS,TYPE,PID,PPID"]),
        ("output_lowercase", ["-o", "ns,type,command"]),
        ("output_plus", ["-o", "+PATH,PPID,UID"]),
        ("output_last_wins", ["-o", "NS", "-o", "TYPE,NS"]),
        # the last -o alone, read after the options and the argument
        ("output_last_plus", ["-o", "NS", "-o", "+PATH", "-t", "uts"]),
        ("output_plus_plus", ["-o", "+PATH", "-o", "+PPID", "-t", "uts"]),
        ("output_bad_then_good", ["-o", "FOO", "-o", "NS"]),
        ("output_bad_list_columns", ["-o", "FOO", "-H"]),
        ("err_output_bad_type", ["-o", "FOO", "-t", "foo"]),
        ("err_output_bad_task", ["-o", "FOO", "-p", "abc"]),
        ("err_output_bad_namespace", ["-o", "FOO", "abc"]),
        ("err_output_bad_json_raw", ["-o", "FOO", "-J", "-r"]),
        ("output_all", ["--output-all"]),
        ("output_all_json", ["--output-all", "-J"]),
        ("output_all_raw", ["--output-all", "-r"]),
        ("output_all_list", ["--output-all", "-l"]),
        ("output_beats_all", ["--output-all", "-o", "NS,PID"]),
        ("output_all_plus", ["--output-all", "-o", "+PATH"]),
        ("output_plus_all", ["-o", "+NS", "--output-all", "-t", "uts"]),
        ("relations", ["-o", "NS,TYPE,PNS,ONS"]),
        ("uid_user", ["-o", "NS,TYPE,UID,USER"]),
        ("tree_process", ["-Tprocess"]),
        ("tree_process_json", ["--tree=process", "-J"]),
        ("tree_parent", ["-Tparent"]),
        ("tree_parent_json", ["--tree=parent", "-J"]),
        ("tree_owner", ["-Towner"]),
        ("tree_bare", ["-T"]),
        ("tree_owner_json", ["-T", "-J"]),
        ("tree_owner_raw", ["-T", "-r"]),
        ("tree_parent_pid", ["-Tparent", "-t", "pid"]),
        ("tree_owner_pid", ["-Towner", "-t", "pid"]),
        ("tree_owner_no_column", ["-Towner", "-t", "pid", "-o", "TYPE,PID"]),
        ("tree_parent_list", ["-l", "-Tparent"]),
        # getopt's optional argument keeps the "=": util-linux skips one
        ("tree_eq_parent", ["-T=parent"]),
        ("tree_eq_owner", ["-T=owner", "-J"]),
        ("tree_eq_process", ["-T=process"]),
        ("tree_long_eq_eq", ["--tree==parent"]),
        ("task", ["-p", lambda: F.userpid.children[0]]),
        ("task_tree_parent", ["-p", lambda: F.userpid.children[1],
                              "-Tparent", "-o", "+PPID,PATH"]),
        ("task_tree_owner", ["-p", lambda: F.nobody.children[0],
                             "-Towner", "-t", "pid"]),
        ("err_task_zero", ["-p", "0", "-t", "uts"]),
        ("err_task_negative", ["-p", "-5"]),
        ("err_task_minus_zero", ["-p", " -0"]),
        ("err_task_range", ["-p", "2147483648"]),
        ("task_missing", ["-p", "99999"]),
        ("namespace", [lambda: F.uts_ipc.ns("uts")]),
        ("namespace_json", [lambda: F.uts_ipc.ns("ipc"), "-J"]),
        ("namespace_list", ["-l", lambda: F.uts_ipc.ns("uts")]),
        # processes have no parent or owner namespace: a flat list
        ("namespace_tree_parent", [lambda: F.uts_ipc.ns("uts"), "-Tparent"]),
        ("namespace_tree_owner", [lambda: F.uts_ipc.ns("uts"), "-T"]),
        ("namespace_tree_eq", ["-T=parent", lambda: F.uts_ipc.ns("uts")]),
        ("namespace_tree_process", [lambda: F.uts_ipc.ns("uts"),
                                    "-Tprocess"]),
        # strtoul's rules: a sign and leading white space
        ("namespace_plus", [lambda: f"+{F.uts_ipc.ns('uts')}"]),
        ("namespace_space", [lambda: f" {F.uts_ipc.ns('uts')}"]),
        ("task_plus", ["-p", lambda: f"+{F.userpid.children[0]}"]),
        ("task_space", ["-p", lambda: f" {F.userpid.children[0]}"]),
        # "0": the first process of every namespace
        ("namespace_zero", ["0"]),
        ("namespace_zero_ns", ["-o", "NS,PID,PPID,USER,COMMAND", "0"]),
        ("namespace_zero_list", ["-l", "-o", "NS,TYPE,PID,USER", "0"]),
        ("namespace_zero_json", ["-J", "-o", "NS,PID,COMMAND", "0"]),
        ("namespace_zero_type", ["-t", "uts", "0"]),
        ("namespace_minus_zero", ["-t", "ipc", "--", "-0"]),
        ("namespace_columns", [lambda: F.userpid.ns("pid", F.userpid.children[0]),
                               "-o", "NS,TYPE,PID,NPROCS,PATH,PPID"]),
        ("ns_type", ["-n", "-r", "-o", "NS,TYPE"]),
        # the texts
        ("help", ["--help"]),
        ("help_short", ["-h", "-J"]),
        ("list_columns", ["-H"]),
        ("list_columns_json", ["-H", "-J"]),
        ("list_columns_raw", ["--list-columns", "-r"]),
        ("list_columns_noheadings", ["-H", "-n"]),
        ("list_columns_list", ["-H", "-l", "-u"]),
        # every type
        ("type_mnt", ["-t", "mnt"]),
        ("type_ipc", ["-t", "ipc", "-r"]),
        ("type_pid", ["-t", "pid", "-J"]),
        ("type_uts", ["-t", "uts", "-l"]),
        ("type_cgroup", ["-t", "cgroup"]),
        ("type_time", ["-t", "time", "-n"]),
        ("type_user_owner", ["-t", "user", "-Towner", "-o", "NS,ONS,NPROCS"]),
        ("type_user_parent_json", ["-t", "user", "-Tparent", "-J"]),
        ("type_pid_parent_raw", ["-t", "pid", "-Tparent", "-r"]),
        ("type_net_json", ["-t", "net", "-J"]),
        ("type_net_all", ["-t", "net", "--output-all", "-r"]),
        # namespaces without processes (an fd, a socket, a bind mount)
        ("persistent", ["-P"]),
        ("persistent_json", ["-P", "-J", "-o", "+PATH,NSFS,PNS,ONS"]),
        ("persistent_raw", ["--persistent", "-r", "-o", "NS,TYPE,NPROCS"]),
        ("persistent_owner", ["-P", "-Towner"]),
        ("persistent_net", ["-P", "-t", "net", "-o", "NS,NETNSID,NSFS"]),
        ("netnsid_json", ["-J", "-t", "net", "-o", "NS,NETNSID,NSFS"]),
        ("all_owner_json", ["--output-all", "-Towner", "-J"]),
        ("all_parent_raw", ["--output-all", "-Tparent", "-r"]),
        ("owner_columns", ["-Towner", "-o", "NS,TYPE,NPROCS,ONS,PNS"]),
        ("task_net", ["-p", lambda: Fixture.net.pid, "-t", "net", "-J"]),
        ("task_all", ["-p", lambda: Fixture.nobody.children[0],
                      "--output-all", "-r"]),
        # -Q, which 2.38 does not have
        ("filter_type", ["-Q", "TYPE == 'net'"]),
        ("filter_nprocs", ["-Q", "NPROCS > 1", "-o", "NS,TYPE,NPROCS", "-r"]),
        ("filter_regex", ["--filter", "TYPE =~ 'u.*' && PID < 100", "-J"]),
        ("filter_tree", ["-Q", "TYPE != 'mnt'", "-Towner"]),
        ("filter_tree_cut", ["-Q", "TYPE == 'net'", "-Towner"]),
        ("filter_tree_parent", ["-Q", "NPROCS < 3", "-Tparent"]),
        ("persistent_parent", ["-P", "-Tparent", "-o", "NS,TYPE,PNS"]),
        ("filter_hidden_column", ["-Q", "ONS > 0", "-o", "NS,TYPE"]),
        ("filter_error", ["-Q", "NPROCS >"]),
        ("filter_unknown", ["-Q", "FOO == 1"]),
        ("filter_unknown_later", ["-Q", "NPROCS > 1 && BAR == 2"]),
        ("filter_unclosed", ["-Q", "(TYPE == 'net'"]),
        ("filter_single_eq", ["-Q", "TYPE = 'net'"]),
        ("filter_trailing", ["-Q", "TYPE == 'net' junk"]),
        ("filter_unterminated", ["-Q", "'abc"]),
        ("filter_text_number", ["-Q", "TYPE > 1"]),
        # issue 16: "" is no filter, "not" binds tightest, columns are
        # looked up after the options (and not for -H)
        ("filter_empty", ["-Q", ""]),
        ("filter_empty_last", ["-Q", "FOO", "-Q", ""]),
        ("filter_not_eq", ["-Q", 'not TYPE eq "net"']),
        ("filter_not_paren", ["-Q", 'not (TYPE eq "net")', "-r"]),
        ("filter_unknown_list_columns", ["-Q", "FOO", "-H"]),
        ("filter_unknown_bad_pid", ["-Q", "FOO", "-p", "abc"]),
        ("filter_skipped_char", ["-Q", "TYPE == 'net' @", "-r"]),
        # errors: same exit status, and here also the same words
        ("err_option", ["--bogus"]),
        ("err_short_option", ["-x"]),
        ("err_missing_output", ["-o"]),
        ("err_missing_type", ["-t"]),
        ("err_empty_type", ["-t", ""]),
        ("err_empty_task", ["-p", ""]),
        ("err_two_namespaces", ["0", "1"]),
        ("err_json_raw_columns", ["-H", "-J", "-r"]),
        ("err_type", ["-t", "foo"]),
        ("err_column", ["-o", "FOO"]),
        ("err_column_plus", ["-o", "+FOO"]),
        ("err_trailing_comma", ["-o", "NS,"]),
        ("err_pid", ["-p", "abc"]),
        ("err_not_found", ["123"]),
        ("err_namespace", ["abc"]),
        ("err_range", ["40265318341234567890"]),
        ("err_tree", ["--tree=foo"]),
        ("err_tree_positional", ["-T", "foo"]),
        ("err_task_namespace", ["-p", "1",
                                lambda: F.uts_ipc.ns("uts")]),
        ("err_task_tree_owner", ["-p", "1", "-T", "owner"]),
        ("err_task_garbage", ["-p", "1", "abc"]),
        ("err_negative_namespace", ["--", "-4026531836"]),
        ("err_negative_namespace_space", [" -1"]),
        ("err_tree_eq_eq", ["-T==parent"]),
        ("err_tree_eq_empty", ["-T="]),
        ("err_pid_sign", ["-p", "+-1"]),
        ("err_other_type", ["-t", "net", lambda: F.uts_ipc.ns("uts")]),
        # issue 16: said when the second option is met
        ("err_persistent_task", ["-P", "-p", "1"]),
        ("err_task_persistent", ["--task", "1", "--persistent"]),
        ("err_persistent_task_bad", ["-P", "-p", "abc"]),
        ("err_task_bad_persistent", ["-p", "abc", "-P"]),
    ]


def first_nsfs_only(text):
    """JSON as 2.42's libsmartcols can print it (see DeviationTest):
    only the first of several NSFS mount points, and no stray lines."""
    lines = [line for line in text.splitlines() if line.strip(" │├└─")]
    try:
        data = json.loads("\n".join(lines))
    except ValueError:
        return text

    def cut(rows):
        for row in rows:
            if isinstance(row.get("nsfs"), str):
                row["nsfs"] = row["nsfs"].split("\n")[0]
            cut(row.get("children", []))

    for rows in data.values():
        cut(rows)
    return json.dumps(data, indent=3)


# Deliberate, where libsmartcols has no filter (before 2.40) and ours is
# used: its error messages say where and what was expected; 2.42 prints
# its parser's. Same exit status. With libsmartcols' filter the
# messages (and the "=" that its scanner echoes) are 2.42's.
STATUS_ONLY = set() if os.environ.get("NSTOOLS_SCOLS_FILTER") == "1" else {
    "filter_error", "filter_unknown", "filter_unknown_later",
    "filter_single_eq",
    "filter_unclosed", "filter_trailing", "filter_unterminated",
    "filter_text_number"}


# Columns of ours beyond util-linux 2.42 (lsns(8) NOTES): -H lists them
EXTENSION_COLUMNS = ("NSID",)


def without_extension_columns(text, args):
    """-H output as 2.42 would print it: our extension columns left out."""
    if "-J" not in args:
        return "".join(line for line in text.splitlines(keepends=True)
                       if not line.split() or
                       line.split()[0] not in EXTENSION_COLUMNS)
    try:
        data = json.loads(text)
    except ValueError:  # an error: nothing printed
        return text
    for key, rows in data.items():
        data[key] = [r for r in rows if r.get("holder") not in
                     EXTENSION_COLUMNS]
    return json.dumps(data, indent=3)


def outcome(res, tool, args, name=None):
    """Exit status, stderr and stdout, in the terms they are compared."""
    # getopt names the program as invoked
    err = res.stderr.replace(tool + ":", "lsns:")
    out = normalize_json(res.stdout) if "-J" in args else res.stdout
    if tool == LSNS:
        # ours calls itself by its configured name: compared as "lsns"
        err, out = nstest.as_plain(err), nstest.as_plain(out)
    if name in STATUS_ONLY and res.returncode:
        # and stdout: 2.42's scanner echoes an "=" it has no rule for
        err = out = "(not compared)"
    return res.returncode, err, out


class CompatTest(NsTestCase):

    def compare_threads(self, args, ours):
        """Reading /proc with several threads changes nothing at all."""
        for threads in ("1", "3", "16", "64"):
            res = run([LSNS, *args], env={"NSTOOLS_THREADS": threads})
            self.assertEqual((res.returncode, res.stdout, res.stderr),
                             (ours.returncode, ours.stdout, ours.stderr),
                             f"NSTOOLS_THREADS={threads} lsns "
                             f"{' '.join(args)}")

    @classmethod
    def setUpClass(cls):
        Fixture.start()

    @classmethod
    def tearDownClass(cls):
        Fixture.stop()

    def differences(self, args, name):
        """One run of each tool: (ours, [(what, mine, theirs)...])."""
        ours = run([LSNS, *args])
        mine = outcome(ours, LSNS, args, name)
        problems = []
        if not os.environ.get(NO_REF42):
            theirs = outcome(ref42(args), REFERENCE, args, name)
            if "-H" in args or "--list-columns" in args:
                mine = (*mine[:2], without_extension_columns(mine[2], args))
            if "-J" in args:
                theirs = (*theirs[:2], first_nsfs_only(theirs[2]))
                mine42 = (*mine[:2], first_nsfs_only(mine[2]))
            else:
                mine42 = mine
            for what, a, b in zip(("exit status", "stderr", "stdout"),
                                  mine42, theirs):
                if layout_free(a, args) != layout_free(b, args):
                    problems.append((f"{what} (2.42)", a, b))
        # The layout of 2.38's libsmartcols, which is ours: where 2.38
        # shows what we show, it must show it the same way.
        old = outcome(run([REF, *args]), REF, args, name)
        if (mine[:2] == old[:2] and mine[2] != old[2] and
                normalize_ws(mine[2]) == normalize_ws(old[2])):
            problems.append(("layout (2.38)", mine[2], old[2]))
        return ours, problems

    def compare(self, name, argv):
        args = [str(a() if callable(a) else a) for a in argv]
        for _ in range(TRIES):
            ours, problems = self.differences(args, name)
            if not problems:
                self.compare_threads(args, ours)
                break
        else:
            what, mine, theirs = problems[0]
            self.assertEqual(mine, theirs, f"{what} of lsns {' '.join(args)}")
        if os.environ.get(NO_REF42):
            self.skipTest("util-linux 2.42 reference not available ("
                          + os.environ[NO_REF42] + "): compared with the "
                          "layout of 2.38 only")


def require_ref42(test):
    if os.environ.get(NO_REF42):
        test.skipTest("util-linux 2.42 reference not available ("
                      + os.environ[NO_REF42] + ")")


class DeviationTest(NsTestCase):
    """Where we differ from util-linux 2.42 on purpose (lsns(8))."""

    def test_empty_column_names(self):
        # 2.38 and 2.42 fail silently; we say "unknown column"
        for args in (["-o", ""], ["-o", "NS,,TYPE"], ["-o", "+"]):
            refs = [run([REF, *args])]
            if not os.environ.get(NO_REF42):
                refs.append(ref42(args))
            ours = run([LSNS, *args])
            for ref in refs:
                self.assertEqual((ours.returncode, ref.returncode), (1, 1),
                                 args)
                self.assertEqual((ref.stdout, ref.stderr), ("", ""), args)
            self.assertEqual(ours.stdout, "", args)
            self.assertTrue(
                ours.stderr.startswith(nstest.named("lsns: unknown column:")))

    def test_owner_of_processless_namespace(self):
        """UID and USER of a namespace without processes: we show the
        owner of its user namespace, 2.42.4 shows 0 (root)."""
        require_ref42(self)
        path = f"/tmp/nstest-compat-{UNIQUE}-nobody"
        holder = nstest.Holder("-u", "65534", "-t", "user,net", "-r")
        ino = holder.ns("net")
        with open(path, "w"):
            pass
        try:
            subprocess.run(["mount", "--bind", f"/proc/{holder.pid}/ns/net",
                            path], check=True)
            holder.close()
            args = ["-r", "-n", "-t", "net", "-o", "NS,NPROCS,UID,USER,PATH"]
            expect = {LSNS: f"{ino} 0 65534 nobody \n",
                      REFERENCE: f"{ino} 0 0 root \n"}
            for argv in ([LSNS, *args], [REFERENCE, "lsns", *args]):
                res = run(argv)
                self.assertEqual(res.returncode, 0, argv)
                rows = [line + "\n" for line in res.stdout.splitlines()
                        if line.startswith(f"{ino} ")]
                self.assertEqual(rows, [expect[argv[0]]], argv)
        finally:
            holder.close()
            subprocess.run(["umount", path], check=False)
            os.unlink(path)


    def test_json_several_nsfs(self):
        """A namespace mounted twice: in JSON 2.42.4's libsmartcols
        prints the first mount point and then a stray line (with tree
        art under -T: not JSON at all); we print both, as 2.38."""
        require_ref42(self)
        holder = nstest.Holder("-t", "net")
        paths = [f"/tmp/nstest-compat-{UNIQUE}-twice{i}" for i in (1, 2)]
        try:
            for path in paths:
                with open(path, "w"):
                    pass
                subprocess.run(["mount", "--bind",
                                f"/proc/{holder.pid}/ns/net", path],
                               check=True)
            args = ["-J", "-t", "net", "-o", "NS,NSFS"]
            ours = json.loads(run([LSNS, *args], check_rc=0).stdout)
            row = {"ns": holder.ns("net"), "nsfs": "\n".join(paths)}
            self.assertIn(row, ours["namespaces"])
            theirs = run([REFERENCE, "lsns", *args], check_rc=0).stdout
            self.assertIn(f'"nsfs": "{paths[0]}"', theirs)
            self.assertNotIn(paths[1], theirs)
        finally:
            for path in paths:
                subprocess.run(["umount", path], check=False,
                               stderr=subprocess.DEVNULL)
                if os.path.exists(path):
                    os.unlink(path)
            holder.close()


    def test_exclusive_options_words(self):
        # 2.38 says "mutually exclusive arguments: --json --raw"; the
        # target, 2.42, says this (its order: as given)
        for args, words in ((["-J", "-r"], "--json and --raw"),
                            (["-r", "--json"], "--raw and --json")):
            ref = run([REF, *args])
            ours = run([LSNS, *args])
            self.assertEqual((ours.returncode, ref.returncode), (1, 1), args)
            self.assertEqual(ours.stderr, nstest.named(
                f"lsns: options {words} cannot be combined\n"))


class ClosedStdoutTest(NsTestCase):

    def test_closed_stdout(self):
        """'lsns >&-': util-linux exits 0 without a word; so do we."""
        tools = [[REF], [LSNS]]
        if not os.environ.get(NO_REF42):
            tools.append([REFERENCE, "lsns"])
        for args in ([], ["-J"], ["-t", "net"]):
            for tool in tools:
                res = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh",
                                      *tool, *args], capture_output=True,
                                     text=True, stdin=subprocess.DEVNULL)
                self.assertEqual((res.returncode, res.stderr), (0, ""),
                                 [tool, args])


def on_terminal(tool, cols, args):
    """The tool on a pseudo-terminal COLS wide (script(1) makes it)."""
    cmd = " ".join([f"stty cols {cols};", tool, *args])
    return run(["script", "-qec", cmd, "/dev/null"])


class TerminalTest(NsTestCase):
    """Truncation and wrapping on a terminal, where width matters."""

    def test_widths(self):
        """Only 2.38 can show it: 2.42 has another libsmartcols."""
        Fixture.start(orphans=False)
        try:
            for cols in (40, 60, 80, 132):
                for args in ([], ["-u"], ["-t", "net"], ["-t", "net", "-W"],
                             ["--output-all"], ["-Towner"]):
                    for _ in range(TRIES):
                        ref = on_terminal(REF, cols, args)
                        ours = on_terminal(LSNS, cols, args)
                        if ours.stdout == ref.stdout:
                            break
                    self.assertEqual(ours.stdout, ref.stdout,
                                     f"{cols} columns: lsns {' '.join(args)}")
        finally:
            Fixture.stop()


def _make_test(name, argv):
    def test(self):
        self.compare(name, argv)
    return test


for _name, _argv in cases():
    setattr(CompatTest, "test_" + _name, _make_test(_name, _argv))


def outer():
    """Re-run this file as PID 1 of a private pid + mount namespace."""
    nstest.isolate()
    env = dict(os.environ, **{INNER: "1"})
    why = fetch_reference()
    if why:
        print(f"SKIP: util-linux 2.42 reference not available ({why}); "
              "its comparisons are skipped")
        env[NO_REF42] = why
    before = nstest.snapshot()
    res = subprocess.run([UNSHARE, "--pid", "--fork", "--mount-proc",
                          sys.executable, os.path.abspath(__file__),
                          *sys.argv[1:]], env=env)
    problems = nstest.leftovers(before, nstest.snapshot())
    if problems:
        print("compat suite left the system changed: " + "; ".join(problems))
        return 1
    return res.returncode


if __name__ == "__main__":
    nstest.require_root()
    nstest.require(LSNS, "lsns")
    nstest.require_reference(REF, "util-linux lsns")
    nstest.require(nstest.NSHOLDER, "nsholder")
    if os.environ.get(INNER) != "1":
        nstest.require_reference(UNSHARE, "util-linux unshare")
        print(f"reference: {ref_version()}")
        sys.exit(outer())
    detach_nsfs_mounts()
    nstest.main()
