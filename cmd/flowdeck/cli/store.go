package cli

import (
	"context"
	"os"
	"path/filepath"

	"github.com/flowdeck/flowdeck/storage"
)

// openStore opens the data directory's database without taking the engine lock: the stored-flow
// and history commands work while the app or `flowdeck engine` runs (SQLite's WAL lets them).
func openStore(ctx context.Context, env *Env) (*storage.DB, error) {
	dir, err := storage.DataDir(env.Getenv)
	if err != nil {
		return nil, err
	}
	return storage.Open(ctx, filepath.Join(dir, storage.FileName))
}

// storeExists reports whether the data directory already has a database.
func storeExists(env *Env) bool {
	dir, err := storage.DataDir(env.Getenv)
	if err != nil {
		return false
	}
	_, err = os.Stat(filepath.Join(dir, storage.FileName))
	return err == nil
}
