package oktasim

import (
	"net/http"
	"sort"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// linkedObjectDef is a linked-object relationship (e.g. manager/subordinate).
type linkedObjectDef struct {
	seq                 int64
	Primary, Associated linkedObjectSide
}

type linkedObjectSide struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Type        string `json:"type"`
}

func (c *call) linkDefJSON(d *linkedObjectDef) map[string]any {
	return map[string]any{"primary": d.Primary, "associated": d.Associated,
		"_links": map[string]any{"self": c.href("/api/v1/meta/schemas/user/linkedObjects/" + d.Primary.Name)}}
}

// defByName finds a definition by its primary or associated name.
func (o *Org) defByName(name string) (*linkedObjectDef, bool) {
	if d, ok := o.linkDefs[name]; ok {
		return d, true
	}
	for _, d := range o.linkDefs {
		if d.Associated.Name == name {
			return d, false
		}
	}
	return nil, false
}

func (c *call) listLinkDefs() {
	var all []*linkedObjectDef
	for _, d := range c.o.linkDefs {
		all = append(all, d)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
	out := []any{}
	for _, d := range all {
		out = append(out, c.linkDefJSON(d))
	}
	c.json(http.StatusOK, out)
}

// createLinkDef is POST /api/v1/meta/schemas/user/linkedObjects: 201; names must be unused.
func (c *call) createLinkDef() {
	var in struct {
		Primary    linkedObjectSide `json:"primary"`
		Associated linkedObjectSide `json:"associated"`
	}
	if e := c.decode(&in); e != nil {
		c.fail(e)
		return
	}
	if in.Primary.Name == "" || in.Associated.Name == "" || in.Primary.Title == "" || in.Associated.Title == "" {
		c.fail(validationFor("linkedObject", "primary and associated need a name and a title"))
		return
	}
	for _, n := range []string{in.Primary.Name, in.Associated.Name} {
		if d, _ := c.o.defByName(n); d != nil || in.Primary.Name == in.Associated.Name {
			c.fail(apierr.New(http.StatusBadRequest, "E0000127", "Invalid linked objection definition. Linked object identifier is already in use.",
				"Linked object identifier for "+n+" is already in use."))
			return
		}
	}
	in.Primary.Type, in.Associated.Type = "USER", "USER"
	d := &linkedObjectDef{seq: c.o.nextSeq(), Primary: in.Primary, Associated: in.Associated}
	c.o.linkDefs[d.Primary.Name] = d
	c.o.links[d.Primary.Name] = map[string]string{}
	c.mutated("linkedobject.create", d.Primary.Name)
	c.emit("directory.linked_object.create", "Create linked object definition",
		target{ID: d.Primary.Name, Type: "LinkedObject", AlternateID: d.Primary.Name, DisplayName: d.Primary.Title})
	c.json(http.StatusCreated, c.linkDefJSON(d))
}

func (c *call) getLinkDef() {
	d, _ := c.o.defByName(c.path("name"))
	if d == nil {
		c.fail(apierr.ResourceNotFound(c.path("name"), "LinkedObject"))
		return
	}
	c.json(http.StatusOK, c.linkDefJSON(d))
}

// deleteLinkDef removes the definition and every link that used it.
func (c *call) deleteLinkDef() {
	d, _ := c.o.defByName(c.path("name"))
	if d == nil {
		c.fail(apierr.ResourceNotFound(c.path("name"), "LinkedObject"))
		return
	}
	delete(c.o.linkDefs, d.Primary.Name)
	delete(c.o.links, d.Primary.Name)
	c.mutated("linkedobject.delete", d.Primary.Name)
	c.emit("directory.linked_object.delete", "Delete linked object definition",
		target{ID: d.Primary.Name, Type: "LinkedObject", AlternateID: d.Primary.Name, DisplayName: d.Primary.Title})
	c.noContent()
}

// setLink is PUT /api/v1/users/{associated}/linkedObjects/{primaryName}/{primaryUserId}: an
// associated user has at most one primary; an existing link is replaced. 204.
func (c *call) setLink() {
	assoc, e := c.findUser(c.path("userId"))
	if e != nil {
		c.fail(e)
		return
	}
	d, isPrimary := c.o.defByName(c.path("name"))
	if d == nil || !isPrimary {
		c.fail(apierr.ResourceNotFound(c.path("name"), "LinkedObject"))
		return
	}
	primary, e := c.findUser(c.path("primaryUserId"))
	if e != nil {
		c.fail(e)
		return
	}
	if primary.ID == assoc.ID {
		c.fail(validationFor("primaryUserId", "A user cannot be linked to itself"))
		return
	}
	if c.o.links[d.Primary.Name][assoc.ID] != primary.ID {
		c.o.links[d.Primary.Name][assoc.ID] = primary.ID
		c.mutated("linkedobject.value.set", d.Primary.Name+"/"+assoc.ID)
	}
	c.noContent()
}

// getLinks is GET /api/v1/users/{id}/linkedObjects/{name}: with a primary name, the user's
// primary (zero or one); with an associated name, every user whose primary this user is. Each
// entry is only a self link to the user.
func (c *call) getLinks() {
	u, e := c.findUser(c.path("userId"))
	if e != nil {
		c.fail(e)
		return
	}
	d, isPrimary := c.o.defByName(c.path("name"))
	if d == nil {
		c.fail(apierr.ResourceNotFound(c.path("name"), "LinkedObject"))
		return
	}
	var ids []string
	if isPrimary {
		if p, ok := c.o.links[d.Primary.Name][u.ID]; ok {
			ids = append(ids, p)
		}
	} else {
		for assoc, p := range c.o.links[d.Primary.Name] {
			if p == u.ID {
				ids = append(ids, assoc)
			}
		}
		sort.Slice(ids, func(i, j int) bool { return c.o.users[ids[i]].seq < c.o.users[ids[j]].seq })
	}
	p, e := c.pageParams(1000, 1000)
	if e != nil {
		c.fail(e)
		return
	}
	out := []any{}
	for _, id := range paginate(c, ids, p) { // with Okta's Link header
		out = append(out, map[string]any{"_links": map[string]any{"self": c.href("/api/v1/users/" + id)}})
	}
	c.json(http.StatusOK, out)
}

// deleteLink is DELETE /api/v1/users/{associated}/linkedObjects/{primaryName}: 204 even when
// there was no link.
func (c *call) deleteLink() {
	u, e := c.findUser(c.path("userId"))
	if e != nil {
		c.fail(e)
		return
	}
	d, isPrimary := c.o.defByName(c.path("name"))
	if d == nil || !isPrimary {
		c.fail(apierr.ResourceNotFound(c.path("name"), "LinkedObject"))
		return
	}
	if _, ok := c.o.links[d.Primary.Name][u.ID]; ok {
		delete(c.o.links[d.Primary.Name], u.ID)
		c.mutated("linkedobject.value.delete", d.Primary.Name+"/"+u.ID)
	}
	c.noContent()
}
