package storage

import (
	"context"
	"errors"
	"testing"
)

// SaveFlows is all or nothing: a bad document in the middle leaves no flow of the batch behind,
// and a repeated batch makes no new versions.
func TestSaveFlowsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	good := func(id string) FlowDraft {
		return FlowDraft{ID: id, Name: id, Document: []byte(`{"schema":1,"id":"` + id + `"}`)}
	}
	_, err := db.SaveFlows(ctx, []FlowDraft{good("f_a"), {ID: "f_bad", Name: "bad", Document: []byte("{not json")}, good("f_c")})
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("SaveFlows with a bad document = %v, want ErrInvalid", err)
	}
	for _, id := range []string{"f_a", "f_bad", "f_c"} {
		if ok, err := db.FlowExists(ctx, id); err != nil || ok {
			t.Errorf("flow %s exists after a failed batch (%v)", id, err)
		}
	}
	saved, err := db.SaveFlows(ctx, []FlowDraft{good("f_a"), good("f_c")})
	if err != nil || len(saved) != 2 || !saved[0].Created || saved[1].Version != 1 {
		t.Fatalf("SaveFlows = %+v, %v", saved, err)
	}
	again, err := db.SaveFlows(ctx, []FlowDraft{good("f_a"), good("f_c")})
	if err != nil || again[0].Created || again[1].Version != 1 {
		t.Errorf("the same batch again = %+v, %v; want no new versions", again, err)
	}
	if ok, _ := db.FlowExists(ctx, "f_a"); !ok {
		t.Error("f_a was not saved")
	}
}
