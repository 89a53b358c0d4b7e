// Command flowdeck is the Flowdeck desktop app and its headless subcommands. It is the only
// package that imports fyne.io/fyne/v2/app.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/flowdeck/flowdeck/cmd/flowdeck/cli"
	// Before Fyne's init reads the locale: see the package comment.
	_ "github.com/flowdeck/flowdeck/cmd/flowdeck/internal/plainlocale"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) < 2 {
		os.Exit(runGUI(ctx))
	}
	err := cli.Run(ctx, &cli.Env{Args: os.Args[1:], Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	if err == nil {
		return
	}
	code := 1
	var ee *cli.ExitError
	if errors.As(err, &ee) {
		code = ee.Code
		if ee.Err == nil {
			os.Exit(code)
		}
	}
	fmt.Fprintln(os.Stderr, "flowdeck:", err)
	os.Exit(code)
}
