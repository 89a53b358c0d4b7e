package importer

import (
	"strings"
	"unicode"
)

// moduleTitles name the built-in function modules and designer categories as Workflows' card
// picker does.
var moduleTitles = map[string]string{
	"control": "Flow Control", "string": "Text", "list": "List", "object": "Object",
	"date": "Date & Time", "math": "Number", "boolean": "True/False", "json": "JSON",
	"crypto": "Crypto", "jwt": "JWT", "url": "URL", "utility": "Utilities", "http": "HTTP",
	"httpfunctions": "HTTP", "stash": "Tables", "filefunctions": "Files",
}

// designerModules are the designer categories Workflows stores as channels.
var designerModules = map[string]bool{"httpfunctions": true, "stash": true, "filefunctions": true}

// Describe says what a card is, for an admin: "Okta: Read User", "Slack: Send Message",
// "Function: Files – Download", "Function: Text – Compose".
func Describe(m *Method) string {
	a, ok := m.Addr()
	if !ok {
		if m.Address == "" {
			return "a card with no address"
		}
		return "the card " + m.Address
	}
	switch {
	case a.Kernel && a.Key() == "control.callable":
		return "Helper Flow (the start of a helper or scheduled flow)"
	case a.Kernel && a.Key() == "control.noop":
		return "Empty start (a manual flow)"
	case a.Module == "http" && a.Op == "accept":
		return "API Endpoint (the start of an API Endpoint flow)"
	case a.Module == "http" && a.Op == "delegated":
		return "Delegated Flow (started from Okta's dashboard)"
	case a.Kernel:
		return "Function: " + titleOr(moduleTitles[a.Module], a.Module) + " – " + titleOr(kernelTitles[a.Key()], a.Op)
	case designerModules[a.Module]:
		title := designerTitles[a.Key()]
		return "Function: " + moduleTitles[a.Module] + " – " + titleOr(title, a.Op)
	case a.Module == "okta":
		return "Okta: " + titleOr(oktaTitles[a.Op], a.Op)
	}
	return appTitle(a.Module) + ": " + titleOr("", a.Op)
}

// titleOr returns title, or a readable form of the key ("sendMessage" → "Send Message").
func titleOr(title, key string) string {
	if title != "" {
		return title
	}
	var b strings.Builder
	for i, r := range key {
		if i > 0 && unicode.IsUpper(r) {
			b.WriteByte(' ')
		}
		if i == 0 {
			r = unicode.ToUpper(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// appTitle names a connector by its app key ("slack" → "Slack", "googledrive" → "Googledrive").
func appTitle(app string) string {
	if app == "" {
		return "Connector"
	}
	return titleOr("", app)
}
