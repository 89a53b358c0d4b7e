package storage

import "context"

// SetConnectionLook sets how the app shows a connection: its colour and production flag. It
// touches nothing else, so it cannot undo a token rotation stored meanwhile (UpdateConnection
// writes the secret it was given).
func (db *DB) SetConnectionLook(ctx context.Context, id, color string, production bool) error {
	return db.execOne(ctx, id, "connection", "change the colour of connection",
		`UPDATE connections SET color = ?, production = ?, updated_at = ? WHERE id = ?`,
		color, boolInt(production), millis(db.stamp()), id)
}
