package storage

import (
	"fmt"
	"os"
	"path/filepath"
)

// FileName is the database file's name inside the data directory.
const FileName = "flowdeck.db"

// HomeEnv names the environment variable that moves Flowdeck's data directory.
const HomeEnv = "FLOWDECK_HOME"

// DataDir returns the directory Flowdeck keeps its files in, creating it (mode 0700) when it does
// not exist: $FLOWDECK_HOME if set, else the user's configuration directory + "/flowdeck". An
// existing directory keeps its mode, since FLOWDECK_HOME may name a folder the admin manages.
// getenv is os.Getenv outside tests.
func DataDir(getenv func(string) string) (string, error) {
	dir := getenv(HomeEnv)
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find the folder for Flowdeck's data: %w; set %s to the folder Flowdeck should use", err, HomeEnv)
		}
		dir = filepath.Join(base, "flowdeck")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find the folder for Flowdeck's data (%s): %w", dir, err)
	}
	if st, err := os.Stat(abs); err == nil && !st.IsDir() {
		return "", fmt.Errorf("the data folder %s is a file, not a folder: move it aside or set %s to another folder", abs, HomeEnv)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return "", fmt.Errorf("create Flowdeck's data folder %s: %w; check you may write there or set %s to another folder", abs, err, HomeEnv)
	}
	return abs, nil
}
