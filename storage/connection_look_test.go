package storage

import (
	"context"
	"testing"
)

func TestSetConnectionLook(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	c, err := db.CreateConnection(ctx, Connection{Name: "acme", OrgURL: "https://acme.okta.com", Kind: KindAPIToken, Status: StatusOK, Secret: Sealed("sealed")})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetConnectionLook(ctx, c.ID, "#00838F", true); err != nil {
		t.Fatal(err)
	}
	got, err := db.GetConnection(ctx, c.ID)
	if err != nil || got.Color != "#00838F" || !got.Production || string(got.Secret) != "sealed" {
		t.Errorf("connection = %+v, %v", got, err)
	}
	if err := db.SetConnectionLook(ctx, "nope", "", false); err == nil {
		t.Error("changing a connection that does not exist succeeded")
	}
}
