#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Keep a tool's --help and its roff man page in step.

Usage: check_man.py --tool PROGRAM=PAGE [--tool PROGRAM=PAGE ...]

For every PROGRAM=PAGE pair:
  (a) `mandoc -Tlint -W warning PAGE` must print nothing and exit 0;
  (b) every option of `PROGRAM --help` (short and long) must be the tag
      of an entry in the page's OPTIONS section, and every option tagged
      there must exist in --help;
  (c) every column the tool knows (named under "Available output
      columns:" in --help, or, for a tool whose --help has no such list
      but offers --list-columns as util-linux 2.42 does, listed by
      `PROGRAM --list-columns --raw`) must have an entry in the page's
      OUTPUT COLUMNS section (or, for a page without that section,
      appear somewhere in it), and every column with an entry there
      must be one the tool knows;
  (d) the page must have the sections NAME, SYNOPSIS, DESCRIPTION,
      OPTIONS, EXIT STATUS, EXAMPLES, SEE ALSO (and OUTPUT COLUMNS when
      the tool has columns, COMMANDS when it has commands);
  (e) a "see NAME(SECTION)" reference in --help must name this page;
  (f) for a tool with subcommands (netns), every command named under a
      "Commands:" heading in --help (the first words of each line there,
      aliases separated by commas or bars) must be the tag of an entry
      in the page's COMMANDS section and the other way round; options on
      those lines (those of one subcommand) count as options of
      --help, and may be documented in COMMANDS instead of OPTIONS.

Exit 0 when all is well, 1 on any problem (one message per problem),
77 (meson's "skipped") when mandoc is not installed.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

EXIT_SKIP = 77

REQUIRED_SECTIONS = ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS',
                     'EXIT STATUS', 'EXAMPLES', 'SEE ALSO']
COLUMNS_SECTION = 'OUTPUT COLUMNS'
COLUMNS_HEADING = 'Available output columns:'
COMMANDS_SECTION = 'COMMANDS'
COMMANDS_HEADINGS = ('commands:', 'subcommands:', 'available commands:')
COMMAND_WORD_RE = re.compile(r'^[a-z][a-z0-9-]*$')

# Options as written in --help and (after normalising) in the page.
LONG_OPT_RE = re.compile(r'(?<![\w-])(--[A-Za-z0-9][A-Za-z0-9-]*)')
SHORT_OPT_RE = re.compile(r'(?<![\w-])(-[A-Za-z0-9?])(?![A-Za-z0-9-])')

# Font macros: the alternating ones join their arguments without
# blanks, the others with one blank.
ALTERNATING_MACROS = {'BR', 'RB', 'BI', 'IB', 'IR', 'RI'}
FONT_MACROS = {'B', 'I', 'SM', 'SB'}


class Checker:
    def __init__(self, program, page):
        self.program = program
        self.page = page
        self.label = '%s (%s)' % (os.path.basename(program),
                                  os.path.basename(page))
        self.problems = 0

    def fail(self, msg):
        print('FAIL %s: %s' % (self.label, msg))
        self.problems += 1


# ---------------------------------------------------------------- roff

def roff_unescape(text):
    """Plain text of one roff line: no font changes, no escapes."""
    text = re.sub(r'\\".*$', '', text)              # comment
    text = re.sub(r'\\f(\[[^\]]*\]|\(..|.)', '', text)  # font change
    text = re.sub(r'\\s[+-]?\d', '', text)           # size change
    text = re.sub(r'\\\((hy|mi|en)', '-', text)      # hyphen, minus, dash
    text = re.sub(r'\\\[(hy|mi|en)\]', '-', text)
    text = re.sub(r'\\\(dq|\\\[dq\]', '"', text)
    text = re.sub(r'\\\(\S\S|\\\[[^\]]*\]', ' ', text)  # other glyphs
    text = text.replace('\\-', '-')
    text = re.sub(r'\\[&%:/,c|^)]', '', text)        # zero-width
    text = re.sub(r'\\[ ~0]', ' ', text)              # fixed spaces
    text = text.replace('\\e', '\\').replace('\\\\', '\\')
    return text


def macro_args(rest):
    """Split the arguments of a macro line, honouring double quotes."""
    args, cur, quoted, i = [], None, False, 0
    while i < len(rest):
        c = rest[i]
        if quoted:
            if c == '"':
                if i + 1 < len(rest) and rest[i + 1] == '"':
                    cur += '"'
                    i += 1
                else:
                    quoted = False
            else:
                cur += c
        elif c in ' \t':
            if cur is not None:
                args.append(cur)
                cur = None
        elif c == '"' and cur is None:
            cur, quoted = '', True
        else:
            cur = (cur or '') + c
        i += 1
    if cur is not None:
        args.append(cur)
    return args


def parse_page(source):
    """Turn roff source into {section: [(kind, text)]}.

    kind is 'tag' for the tag of a .TP/.TQ/.IP entry, 'text' for any
    other line of running text. Text is unescaped, macros resolved.
    """
    sections = {}
    current = None
    expect_tag = False
    pending_heading = False
    for raw in source.splitlines():
        if raw.startswith(('.\\"', "'\\\"")) or raw in ('.', "'"):
            continue
        text = None
        kind = 'text'
        m = re.match(r"^[.'][ \t]*(\S+)[ \t]*(.*)$", raw)
        if m:
            macro, rest = m.group(1), m.group(2)
            args = macro_args(rest)
            if macro == 'SH':
                if args:
                    current = roff_unescape(' '.join(args)).strip().upper()
                    sections.setdefault(current, [])
                else:
                    pending_heading = True
                expect_tag = False
                continue
            if macro == 'SS':
                expect_tag = False
                continue
            if macro in ('TP', 'TQ'):
                expect_tag = True
                continue
            if macro == 'IP':
                if args:
                    sections.setdefault(current, []).append(
                        ('tag', roff_unescape(args[0])))
                continue
            if macro in ALTERNATING_MACROS:
                text = ''.join(args)
            elif macro in FONT_MACROS:
                text = ' '.join(args)
            else:
                continue  # layout macro: .PP, .RS, .EX, ...
        else:
            text = raw
        text = roff_unescape(text)
        if pending_heading:
            current = text.strip().upper()
            sections.setdefault(current, [])
            pending_heading = False
            continue
        if expect_tag:
            kind = 'tag'
            expect_tag = False
        sections.setdefault(current, []).append((kind, text))
    return sections


def options_in(text):
    return set(LONG_OPT_RE.findall(text)) | set(SHORT_OPT_RE.findall(text))


def command_names(spec):
    """The command names at the start of a command line of --help or of
    a tag of COMMANDS: "list, show, ls", "delete|del NAME", "-a exec
    COMMAND" (options in front are skipped) give the lowercase words up
    to the first argument."""
    names = []
    words = [w for w in re.split(r'[\s,|]+', spec.strip()) if w]
    while words and words[0].startswith('-'):
        words.pop(0)
    for word in words:
        if not COMMAND_WORD_RE.match(word):
            break
        names.append(word)
    return names


# ---------------------------------------------------------------- help

def parse_help(help_text):
    """Options, column names and commands announced by --help."""
    options, columns, commands = [], [], []
    in_columns = in_commands = False
    for line in help_text.splitlines():
        stripped = line.strip()
        if stripped == COLUMNS_HEADING:
            in_columns = True
            continue
        if stripped.lower() in COMMANDS_HEADINGS:
            in_commands, indent = True, None
            continue
        if in_commands:
            if not stripped:
                in_commands = False
                continue
            # a line indented deeper than the first one continues the
            # description of the command above
            depth = len(line) - len(line.lstrip())
            if indent is None:
                indent = depth
            if depth > indent:
                continue
            spec = re.split(r'\s{2,}', stripped, maxsplit=1)[0]
            for name in command_names(spec):
                if name not in commands:
                    commands.append(name)
            for opt in LONG_OPT_RE.findall(spec) + SHORT_OPT_RE.findall(spec):
                if opt not in options:
                    options.append(opt)
            continue
        if in_columns:
            if not stripped:
                in_columns = False
                continue
            columns.append(stripped.split()[0])
            continue
        if not stripped.startswith('-'):
            continue
        # The option part ends where the description column begins.
        spec = re.split(r'\s{2,}', stripped, maxsplit=1)[0]
        for opt in LONG_OPT_RE.findall(spec) + SHORT_OPT_RE.findall(spec):
            if opt not in options:
                options.append(opt)
    return options, columns, commands


# ---------------------------------------------------------------- checks

def check_lint(ck, mandoc):
    res = subprocess.run([mandoc, '-Tlint', '-W', 'warning', ck.page],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True)
    out = res.stdout.strip()
    if out or res.returncode != 0:
        ck.fail('mandoc -Tlint -W warning exited %d:' % res.returncode)
        for line in out.splitlines():
            print('    ' + line)


def check_options(ck, help_opts, sections):
    entries = sections.get('OPTIONS', []) + \
        sections.get(COMMANDS_SECTION, [])
    documented = set()
    for kind, text in entries:
        if kind == 'tag':
            documented |= options_in(text)
    for opt in help_opts:
        if opt not in documented:
            ck.fail("option '%s' from --help is not documented in "
                    "OPTIONS" % opt)
    for opt in sorted(documented - set(help_opts)):
        ck.fail("option '%s' is documented in OPTIONS but missing "
                "from --help" % opt)


def check_columns(ck, help_cols, sections):
    """With an OUTPUT COLUMNS section, each column needs its own entry
    there; without one, the name must at least appear in the page."""
    if not help_cols:
        return
    if COLUMNS_SECTION in sections:
        known = set()
        for kind, text in sections[COLUMNS_SECTION]:
            if kind == 'tag':
                known |= set(re.findall(r'[\w-]+', text))
        problem = 'has no entry in ' + COLUMNS_SECTION
    else:
        known = set()
        for entries in sections.values():
            for _, text in entries:
                known |= set(re.findall(r'[\w-]+', text))
        problem = 'is not mentioned in the page'
    for col in help_cols:
        if col not in known:
            ck.fail("column '%s' of the tool %s" % (col, problem))
    if COLUMNS_SECTION in sections:
        for name in sorted(known - set(help_cols)):
            ck.fail("column '%s' is documented in %s but not a column "
                    "of the tool" % (name, COLUMNS_SECTION))


def check_commands(ck, help_cmds, sections):
    """Each command of --help has a tag in COMMANDS, and each command
    tagged there is one of --help."""
    if not help_cmds:
        return
    documented = []
    for kind, text in sections.get(COMMANDS_SECTION, []):
        if kind == 'tag':
            documented += command_names(text)
    for cmd in help_cmds:
        if cmd not in documented:
            ck.fail("command '%s' from --help has no entry in %s"
                    % (cmd, COMMANDS_SECTION))
    for cmd in sorted(set(documented) - set(help_cmds)):
        ck.fail("command '%s' is documented in %s but missing from "
                "--help" % (cmd, COMMANDS_SECTION))


def check_sections(ck, help_cols, help_cmds, sections):
    required = list(REQUIRED_SECTIONS)
    if help_cols:
        required.insert(required.index('EXIT STATUS'), COLUMNS_SECTION)
    if help_cmds:
        required.insert(required.index('OPTIONS'), COMMANDS_SECTION)
    for name in required:
        if name not in sections:
            ck.fail("section '%s' is missing" % name)


def check_reference(ck, help_text):
    m = re.search(r'see ([\w.-]+)\((\w+)\)', help_text)
    if not m:
        return
    want = '%s.%s' % (m.group(1), m.group(2))
    if os.path.basename(ck.page) != want:
        ck.fail("--help refers to %s(%s) but the page is %s"
                % (m.group(1), m.group(2), os.path.basename(ck.page)))


def listed_columns(ck, program):
    """The column names that `PROGRAM --list-columns --raw` prints."""
    try:
        res = subprocess.run([program, '--list-columns', '--raw'],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             universal_newlines=True, timeout=60,
                             env=dict(os.environ, LC_ALL='C'))
    except (OSError, subprocess.TimeoutExpired) as e:
        ck.fail('cannot run --list-columns: %s' % e)
        return []
    cols = [line.split()[0] for line in res.stdout.splitlines()
            if line.strip()]
    if res.returncode != 0 or not cols:
        ck.fail('--list-columns exited %d and listed %d columns'
                % (res.returncode, len(cols)))
    return cols


def check_tool(program, page, mandoc):
    ck = Checker(program, page)
    try:
        with open(page, encoding='utf-8') as f:
            source = f.read()
    except OSError as e:
        ck.fail('cannot read the page: %s' % e)
        return ck.problems
    try:
        res = subprocess.run([program, '--help'], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE,
                             universal_newlines=True, timeout=60,
                             env=dict(os.environ, LC_ALL='C'))
    except (OSError, subprocess.TimeoutExpired) as e:
        ck.fail('cannot run --help: %s' % e)
        return ck.problems
    if res.returncode != 0:
        ck.fail('--help exited %d: %s' % (res.returncode,
                                          res.stderr.strip()))
    help_opts, help_cols, help_cmds = parse_help(res.stdout)
    if not help_opts:
        ck.fail('found no options in --help output')
    if not help_cols and '--list-columns' in help_opts:
        help_cols = listed_columns(ck, program)
    sections = parse_page(source)

    check_lint(ck, mandoc)
    check_options(ck, help_opts, sections)
    check_columns(ck, help_cols, sections)
    check_commands(ck, help_cmds, sections)
    check_sections(ck, help_cols, help_cmds, sections)
    check_reference(ck, res.stdout)
    if not ck.problems:
        print('ok   %s: %d options, %d columns, %d commands'
              % (ck.label, len(help_opts), len(help_cols), len(help_cmds)))
    return ck.problems


def tool_pair(arg):
    program, sep, page = arg.partition('=')
    if not sep or not program or not page:
        raise argparse.ArgumentTypeError(
            "expected PROGRAM=PAGE, got '%s'" % arg)
    return program, page


def main():
    ap = argparse.ArgumentParser(
        description='Check man pages against the tools\' --help.')
    ap.add_argument('--tool', type=tool_pair, action='append',
                    required=True, metavar='PROGRAM=PAGE',
                    help='a program and its roff man page (repeatable)')
    ap.add_argument('--mandoc', default='mandoc',
                    help='the mandoc program to lint with')
    args = ap.parse_args()

    mandoc = shutil.which(args.mandoc)
    if not mandoc:
        print('SKIP: mandoc not found; cannot lint man pages')
        return EXIT_SKIP
    problems = 0
    for program, page in args.tool:
        problems += check_tool(program, page, mandoc)
    if problems:
        print('%d problem(s) found' % problems)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
