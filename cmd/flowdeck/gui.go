package main

import (
	"context"
	"fmt"
	"os"
)

// runGUI opens the desktop app. The UI lands with the desktop-app issue.
func runGUI(ctx context.Context) int {
	_ = ctx
	fmt.Fprintln(os.Stderr, "flowdeck: the desktop app is not built yet; run 'flowdeck help' for the commands")
	return 1
}
