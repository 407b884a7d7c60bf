// Command ownwords is the command line of the ownwords research platform:
// it creates and fills study stores, runs analyses and reports, and serves
// the web workbench. Commands are thin: they parse flags and call packages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"

	"ownwords"
)

// command is one entry of the command table.
type command struct {
	name    string // "user add" for subcommands
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// commands is filled by each command's file in its init function.
var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// env is what commands use to talk to the outside world; tests replace it.
type env struct {
	stdin          *os.File
	stdout, stderr io.Writer
	getenv         func(string) string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(ctx, e, os.Args[1:]))
}

// run dispatches args to a command and maps its error to an exit code. User
// errors are printed with their message; anything else is logged as an
// internal error without leaking its text into normal output.
func run(ctx context.Context, e *env, args []string) int {
	cmd, rest := lookup(args)
	if cmd == nil {
		usage(e.stderr)
		if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
			return 0
		}
		// Only the command word is named: what follows it may be a
		// passphrase typed in the wrong place.
		fmt.Fprintf(e.stderr, "\nownwords: unknown command %q\n", args[0])
		return 2
	}
	err := cmd.run(ctx, e, rest)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case ownwords.ErrorCode(err) == ownwords.EINTERNAL:
		slog.New(slog.NewTextHandler(e.stderr, nil)).Error("internal error", "command", cmd.name, "err", err)
		fmt.Fprintf(e.stderr, "ownwords %s: internal error (details logged above)\n", cmd.name)
		return 1
	}
	fmt.Fprintf(e.stderr, "ownwords %s: %s\n", cmd.name, ownwords.ErrorMessage(err))
	return ownwords.ExitCode(err)
}

// errUsage marks a flag-parsing failure already reported by the flag set.
var errUsage = errors.New("usage")

// lookup finds the longest command name that prefixes args.
func lookup(args []string) (*command, []string) {
	if len(args) >= 2 {
		if c := commands[args[0]+" "+args[1]]; c != nil {
			return c, args[2:]
		}
	}
	if len(args) >= 1 {
		if c := commands[args[0]]; c != nil {
			return c, args[1:]
		}
	}
	return nil, nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "ownwords — interviews, coding, analysis and reports, in participants' own words.")
	fmt.Fprintln(w, "\nUsage: ownwords COMMAND [flags]   (ownwords COMMAND --help for its flags)\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-16s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nPassphrases come from OWNWORDS_PASSPHRASE, --passphrase-file, or a terminal prompt; never from a flag value.")
}

// newFlags returns a flag set for a command that reports errors itself.
func newFlags(e *env, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet("ownwords "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: ownwords %s %s\n\n%s.\n\nFlags:\n", name, args, commands[name].summary)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, turning a parse failure into errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}
